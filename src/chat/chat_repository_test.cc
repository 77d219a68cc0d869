// The chat module's repositories on SQLite and PostgreSQL: widgets, sessions
// with tokens and watermarks, messages in seq order, notes, desks.
#include <gtest/gtest.h>

#include "chat/chat.h"
#include "storage/db_test_util.h"

namespace switchyard::chat {
namespace {

using storage::testing::BackendNames;
using storage::testing::Backends;

template <typename B>
class ChatRepositoryTest : public storage::testing::DbFixture<B> {
 protected:
  std::vector<const storage::ModuleSchema*> schemas() const override { return {&schema()}; }
  static Widget shop() {
    Widget w;
    w.key = "wg_shop";
    w.name = "Shop";
    w.queue = 3;
    w.allowed_origins = {"https://shop.example"};
    w.title = {"Chat with us", "在线客服"};
    w.created_ms = 10;
    return w;
  }
};
TYPED_TEST_SUITE(ChatRepositoryTest, Backends, BackendNames);

TYPED_TEST(ChatRepositoryTest, WidgetsRoundTripAndUpdate) {
  ChatRepository repo(this->db());
  Widget w = this->shop();
  auto id = repo.insert_widget(w);
  ASSERT_TRUE(id) << id.error().message;
  w.id = *id;
  EXPECT_EQ(*repo.widget(*id), w);
  EXPECT_EQ(*repo.widget_by_key("wg_shop"), w);
  EXPECT_FALSE(repo.widget_by_key("wg_other")->has_value());
  w.allowed_origins.push_back("*");
  w.enabled = false;
  ASSERT_TRUE(repo.update_widget(w));
  EXPECT_EQ(repo.widgets()->at(0), w);
  ASSERT_TRUE(repo.delete_widget(w.id));
  EXPECT_EQ(repo.delete_widget(w.id).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(repo.update_widget(w).error().code, ErrorCode::kNotFound);
}

TYPED_TEST(ChatRepositoryTest, SessionsMessagesAndWatermarks) {
  ChatRepository repo(this->db());
  Session s;
  s.contact = 42;
  s.widget = 1;
  s.queue = 3;
  s.visitor = {"Ana", "ana@example.com", "c-1", "zh-CN"};
  s.origin = "https://shop.example";
  s.started_ms = 100;
  s.expires_ms = 100 + 86'400'000;
  s.token_hash = "hash-1";
  ASSERT_TRUE(repo.insert_session(s));
  s.token_hash = "hash-2";
  EXPECT_EQ(repo.insert_session(s).error().code, ErrorCode::kAlreadyExists);
  s.token_hash = "hash-1";
  EXPECT_EQ(*repo.session(42), s);
  EXPECT_EQ(*repo.session_by_token("hash-1"), s);
  EXPECT_FALSE(repo.session_by_token("hash-2")->has_value());

  storage::Transaction tx;
  const Message m1{42, 1, Sender::kVisitor, MessageKind::kMessage, "Ana", "你好", 110, "v1"};
  const Message m2{42, 2, Sender::kAgent, MessageKind::kMessage, "agent13", "Hello Ana", 120, ""};
  const Message m3{42, 3, Sender::kSupervisor, MessageKind::kWhisper, "lead.red", "offer the refund", 130, ""};
  for (const Message& m : {m1, m2, m3}) ChatRepository::stage_message(tx, m);
  ChatRepository::stage_receipts(tx, 42, {2, 2}, {1, 1});
  ASSERT_TRUE(tx.run(this->db()));
  auto all = repo.messages(42, 0);
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0], m1);
  EXPECT_EQ((*all)[2], m3);
  EXPECT_EQ(repo.messages(42, 1, 1)->at(0), m2);  // after seq 1, one
  EXPECT_TRUE(repo.messages(42, 3)->empty());
  // A duplicate seq is refused: the writer assigns each seq once.
  storage::Transaction dup;
  ChatRepository::stage_message(dup, m2);
  EXPECT_FALSE(dup.run(this->db()));

  EXPECT_EQ(repo.open_sessions()->size(), 1u);
  storage::Transaction end;
  ChatRepository::stage_end(end, 42, 200, "agent");
  ChatRepository::stage_survey(end, 42, "sv_abc");
  ChatRepository::stage_barge(end, 42, "lead.red");
  ASSERT_TRUE(end.run(this->db()));
  auto after = repo.session(42);
  EXPECT_EQ((*after)->last_seq, 3);
  EXPECT_EQ((*after)->visitor_receipt, (Receipt{2, 2}));
  EXPECT_EQ((*after)->agent_receipt, (Receipt{1, 1}));
  EXPECT_EQ((*after)->ended_ms, 200);
  EXPECT_EQ((*after)->end_reason, "agent");
  EXPECT_EQ((*after)->survey_token, "sv_abc");
  EXPECT_EQ((*after)->barged_by, "lead.red");
  EXPECT_TRUE(repo.open_sessions()->empty());
  EXPECT_EQ(repo.ended_sessions(10)->size(), 1u);
  // Ending twice keeps the first end.
  storage::Transaction again;
  ChatRepository::stage_end(again, 42, 300, "expired");
  ASSERT_TRUE(again.run(this->db()));
  EXPECT_EQ((*repo.session(42))->end_reason, "agent");
}

TYPED_TEST(ChatRepositoryTest, NotesAndDesks) {
  DeskRepository repo(this->db());
  Note n{0, 42, "c-1", "agent01", NoteKind::kVerified, "date of birth checked", 100};
  auto id = repo.add_note(n);
  ASSERT_TRUE(id);
  n.id = *id;
  Note later{0, 43, "c-1", "agent02", NoteKind::kNote, "called back about the refund", 200};
  later.id = *repo.add_note(later);
  EXPECT_EQ(*repo.notes(42), std::vector<Note>{n});
  EXPECT_EQ(*repo.customer_notes("c-1", 10), (std::vector<Note>{later, n}));
  EXPECT_EQ(repo.customer_notes("c-1", 1)->size(), 1u);
  EXPECT_TRUE(repo.customer_notes("c-2", 10)->empty());

  EXPECT_FALSE(repo.desk(3)->has_value());
  Desk d;
  d.script = {"Greet the customer by name.", "称呼客户姓名。"};
  d.dispositions = {{"resolved", {"Resolved", "已解决"}}};
  storage::Transaction tx;
  DeskRepository::stage_desk(tx, 3, d);
  ASSERT_TRUE(tx.run(this->db()));
  EXPECT_EQ(**repo.desk(3), d);
  d.dispositions.push_back({"follow_up", {"Follow-up", "待跟进"}});
  storage::Transaction tx2;
  DeskRepository::stage_desk(tx2, 3, d);
  ASSERT_TRUE(tx2.run(this->db()));
  EXPECT_EQ(**repo.desk(3), d);
}

}  // namespace
}  // namespace switchyard::chat
