// RecordingService: retention (voice.recordings_keep_days) deletes the
// recordings older than the retention and nothing else.
#include "app/recording_service.h"

#include <fstream>

#include "app/app_test_util.h"

namespace switchyard::app::testing {
namespace {

namespace fs = std::filesystem;
constexpr int64_t kDayMs = 86'400'000;

class RecordingRetentionTest : public AppFixture {
 protected:
  void SetUp() override {
    AppFixture::SetUp();
    rec_dir_ = (dir_ / "recordings").string();
    fs::create_directories(rec_dir_);
  }
  // A file in the recordings folder last modified at `mtime_ms` (ms since the epoch).
  std::string file(const std::string& name, int64_t mtime_ms) {
    const std::string p = rec_dir_ + "/" + name;
    std::ofstream(p) << "RIFF";
    fs::last_write_time(p, std::chrono::file_clock::from_sys(
                               std::chrono::sys_time<std::chrono::milliseconds>(std::chrono::milliseconds(mtime_ms))));
    return p;
  }
  std::string rec_dir_;
};

TEST_F(RecordingRetentionTest, DeletesOnlyRecordingsOlderThanTheRetention) {
  const int64_t now = now_ms();
  const std::string old1 = file("contact-1.wav", now - 3 * kDayMs);
  const std::string old2 = file("contact-22.wav", now - 2 * kDayMs - 1000);
  const std::string kept1 = file("contact-3.wav", now - 2 * kDayMs + 60'000);
  const std::string kept2 = file("contact-4.wav", now);
  // not recordings: left alone however old
  const std::string other1 = file("notes.txt", now - 30 * kDayMs);
  const std::string other2 = file("contact-x.wav", now - 30 * kDayMs);
  const std::string other3 = file("contact-5.wav.tmp", now - 30 * kDayMs);
  const std::string other4 = file("queue-1-music.wav", now - 30 * kDayMs);
  fs::create_directories(rec_dir_ + "/contact-6.wav");

  RecordingSweep s = delete_old_recordings(rec_dir_, 2 * kDayMs, now);
  EXPECT_EQ(s.deleted, 2u);
  EXPECT_EQ(s.failed, 0u);
  EXPECT_FALSE(fs::exists(old1));
  EXPECT_FALSE(fs::exists(old2));
  for (const std::string& p : {kept1, kept2, other1, other2, other3, other4}) EXPECT_TRUE(fs::exists(p)) << p;
  EXPECT_TRUE(fs::is_directory(rec_dir_ + "/contact-6.wav"));

  // nothing more to do
  EXPECT_EQ(delete_old_recordings(rec_dir_, 2 * kDayMs, now).deleted, 0u);
  // a folder that does not exist, or no folder
  EXPECT_EQ(delete_old_recordings(rec_dir_ + "/none", kDayMs, now).deleted, 0u);
  EXPECT_EQ(delete_old_recordings("", kDayMs, now).deleted, 0u);
}

TEST_F(RecordingRetentionTest, ZeroKeepsEverything) {
  const std::string old = file("contact-1.wav", now_ms() - 4000 * kDayMs);
  EXPECT_EQ(delete_old_recordings(rec_dir_, 0, now_ms()).deleted, 0u);
  RecordingService rec(*rt_, *contacts_, rec_dir_, "secret");
  rec.set_retention(rec_dir_, 0);
  EXPECT_EQ(rec.prune().deleted, 0u);
  EXPECT_TRUE(fs::exists(old));
  EXPECT_EQ(rec.deleted_total(), 0u);
}

TEST_F(RecordingRetentionTest, ARecordingAskedForAfterItsDeletionIsNotFound) {
  const core::ContactId id = create_contact(kBilling);
  RecordingService rec(*rt_, *contacts_, rec_dir_, "secret");
  rec.set_retention(rec_dir_, 30);
  const std::string path = file("contact-" + std::to_string(id) + ".wav", now_ms() - 10 * kDayMs);
  auto open = [&] { return call<RecordingFile>([&](Reply<RecordingFile> r) { rec.open(admin_, id, std::move(r)); }); };
  ASSERT_TRUE(open());
  EXPECT_EQ(rec.prune().deleted, 0u);  // 10 days < 30
  ASSERT_TRUE(fs::exists(path));

  file("contact-" + std::to_string(id) + ".wav", now_ms() - 31 * kDayMs);  // the service reads the runtime's clock
  EXPECT_EQ(rec.prune().deleted, 1u);
  EXPECT_EQ(rec.deleted_total(), 1u);
  EXPECT_FALSE(fs::exists(path));
  EXPECT_TRUE(IsError(open(), ErrorCode::kNotFound, "id"));
}

}  // namespace
}  // namespace switchyard::app::testing
