// Team chat's store on SQLite and PostgreSQL (docs/comms.md "Team chat").
#include "comms/chat_store.h"

#include <gtest/gtest.h>

#include "storage/db_test_util.h"

namespace switchyard::comms {
namespace {

using storage::testing::Backends;
using storage::testing::BackendNames;

template <typename B>
class ChatStoreTest : public storage::testing::DbFixture<B> {
 protected:
  std::vector<const storage::ModuleSchema*> schemas() const override { return {&ChatRepository::schema()}; }
  std::vector<std::string> found(std::string_view q, std::vector<int64_t> rooms) {
    auto r = ChatRepository(this->db()).search(q, rooms, 20);
    EXPECT_TRUE(r) << r.error().field << ": " << r.error().message;
    std::vector<std::string> out;
    if (r)
      for (const auto& f : *r) out.push_back(f.message.body);
    return out;
  }
};
TYPED_TEST_SUITE(ChatStoreTest, Backends, BackendNames);

TYPED_TEST(ChatStoreTest, RoomsAreMadeOnceAndListedWithUnreadCountsAndLastMessages) {
  ChatRepository chat(this->db());
  auto red = chat.keyed_room(RoomKind::kTeam, "red", 10);
  ASSERT_TRUE(red) << red.error().message;
  EXPECT_EQ(*chat.keyed_room(RoomKind::kTeam, "red", 11), *red);  // once
  const int64_t paris = *chat.keyed_room(RoomKind::kSite, "paris", 12);
  EXPECT_NE(paris, *red);
  bool created = false;
  const int64_t dm = *chat.direct_room("ann", "bob", 13, &created);
  EXPECT_TRUE(created);
  EXPECT_EQ(*chat.direct_room("bob", "ann", 14, &created), dm);  // one per pair, either way round
  EXPECT_FALSE(created);
  EXPECT_EQ(chat.direct_room("ann", "ann", 14).error().field, "with");
  const std::vector<std::string> members = {"bob", "cid"};
  auto huddle = chat.create_room(RoomKind::kHuddle, "Monday huddle", members, Huddle{1000, 2000, "targets", ""}, "ann", 15);
  ASSERT_TRUE(huddle) << huddle.error().message;
  EXPECT_EQ(chat.create_room(RoomKind::kHuddle, "h", members, Huddle{1000, 900, "", ""}, "ann", 15).error().field,
            "huddle.ends_ms");
  EXPECT_EQ(chat.create_room(RoomKind::kGroup, "", members, std::nullopt, "ann", 15).error().field, "name");
  auto h = chat.room(*huddle).value();
  ASSERT_TRUE(h);
  EXPECT_EQ(h->kind, RoomKind::kHuddle);
  EXPECT_EQ(h->members, (std::vector<std::string>{"ann", "bob", "cid"}));
  ASSERT_TRUE(h->huddle);
  EXPECT_EQ(h->huddle->agenda, "targets");
  ASSERT_TRUE(chat.set_huddle_text(*huddle, "targets, rota", "we agreed"));
  EXPECT_EQ(chat.room(*huddle).value()->huddle->notes, "we agreed");
  EXPECT_EQ(chat.set_huddle_text(*red, "x", "y").error().code, ErrorCode::kNotFound);

  // bob writes twice in the team room, ann once in the direct room
  auto m1 = chat.post(*red, "bob", "hello team", {}, false, 20);
  ASSERT_TRUE(m1) << m1.error().message;
  const std::vector<std::string> mention = {"ann"};
  auto m2 = chat.post(*red, "bob", "@ann look", mention, false, 21).value();
  EXPECT_EQ(m2.mentions, mention);
  auto m3 = chat.post(dm, "ann", "hi bob", {}, false, 22).value();
  EXPECT_EQ(chat.post(dm, "ann", "", {}, false, 22).error().field, "body");
  EXPECT_EQ(chat.post(dm, "ann", std::string(kMaxMessageBytes + 1, 'x'), {}, false, 22).error().field, "body");

  auto rooms = chat.rooms_of("ann", "red", "paris").value();
  ASSERT_EQ(rooms.size(), 4u);  // most recent activity first
  EXPECT_EQ(rooms[0].room.id, dm);
  EXPECT_EQ(rooms[0].unread, 0);  // its own message
  EXPECT_EQ(rooms[0].room.members, (std::vector<std::string>{"ann", "bob"}));
  EXPECT_EQ(rooms[1].room.id, *red);
  EXPECT_EQ(rooms[1].room.team, "red");
  EXPECT_EQ(rooms[1].unread, 2);
  ASSERT_TRUE(rooms[1].last_message);
  EXPECT_EQ(*rooms[1].last_message, m2);
  EXPECT_FALSE(rooms[2].last_message);  // no message yet: by id, newest first
  EXPECT_EQ(chat.rooms_of("bob", "", "").value().size(), 2u);  // bob: only its direct and huddle rooms here
  const auto bobs = chat.rooms_of("bob", "red", "").value();
  EXPECT_EQ(bobs[0].room.id, dm);
  EXPECT_EQ(bobs[0].unread, 1);  // ann's direct message
  EXPECT_EQ(bobs[1].unread, 0);  // bob wrote both team messages
  EXPECT_EQ(chat.room_ids_of("ann", "red", "").value(), (std::vector<int64_t>{*red, dm, *huddle}));

  // read marks go up, never down, and only to messages of the room
  EXPECT_EQ(chat.mark_read(*red, "ann", m1->id).value(), 1);
  EXPECT_EQ(chat.mark_read(*red, "ann", m2.id).value(), 0);
  EXPECT_EQ(chat.mark_read(*red, "ann", m1->id).value(), 0);
  EXPECT_EQ(chat.mark_read(*red, "ann", m3.id).error().field, "message");

  // pages, newest first
  auto page = chat.messages(*red, 0, 1).value();
  ASSERT_EQ(page.size(), 1u);
  EXPECT_EQ(page[0].id, m2.id);
  page = chat.messages(*red, m2.id, 10).value();
  ASSERT_EQ(page.size(), 1u);
  EXPECT_EQ(page[0].id, m1->id);
  EXPECT_EQ(chat.messages(*red, 0, 0).error().field, "limit");

  // an edit, by its author only
  const std::vector<std::string> bob{"bob"};
  int withins = 0;
  auto edited = chat.edit(m3.id, "ann", "hi @bob, call me", bob, 30, [&](const Message& m) -> Result<void> {
    ++withins;
    EXPECT_EQ(m.body, "hi @bob, call me");
    return {};
  });
  ASSERT_TRUE(edited) << edited.error().message;
  EXPECT_EQ(withins, 1);
  EXPECT_EQ(edited->edited_ms, 30);
  EXPECT_EQ(edited->mentions, bob);
  EXPECT_EQ(chat.edit(m3.id, "bob", "mine", {}, 31).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(chat.edit(m3.id, "ann", "", {}, 31).error().field, "body");
  const Message stored = chat.messages(dm, 0, 5).value()[0];
  EXPECT_EQ(stored.body, "hi @bob, call me");
  EXPECT_EQ(stored.mentions, bob);
  EXPECT_EQ(chat.message(m3.id).value(), stored);
  EXPECT_FALSE(chat.message(m3.id + 1000).value());
  // a failure inside the edit's transaction leaves the message as it was
  auto failed = chat.edit(m3.id, "ann", "never", {}, 40,
                          [](const Message&) -> Result<void> { return make_error(ErrorCode::kInternal, "boom"); });
  EXPECT_FALSE(failed);
  EXPECT_EQ(chat.message(m3.id).value()->body, "hi @bob, call me");
}

TYPED_TEST(ChatStoreTest, SearchFindsEnglishAndChineseOnlyInTheRoomsGiven) {
  ChatRepository chat(this->db());
  const int64_t red = *chat.keyed_room(RoomKind::kTeam, "red", 1), blue = *chat.keyed_room(RoomKind::kTeam, "blue", 1);
  ASSERT_TRUE(chat.post(red, "a", "The refund policy changed today", {}, false, 2));
  ASSERT_TRUE(chat.post(red, "a", "客户申请退款需要经理批准", {}, false, 3));
  ASSERT_TRUE(chat.post(red, "a", "Lunch at noon", {}, false, 4));
  ASSERT_TRUE(chat.post(blue, "b", "Refund the blue customer", {}, false, 5));
  ASSERT_TRUE(chat.post(blue, "b", "退款已经处理", {}, false, 6));
  using V = std::vector<std::string>;
  EXPECT_EQ(this->found("refund", {red}), (V{"The refund policy changed today"}));
  EXPECT_EQ(this->found("退款", {red}), (V{"客户申请退款需要经理批准"}));
  EXPECT_EQ(this->found("refund", {red, blue}).size(), 2u);
  EXPECT_EQ(this->found("退款", {blue}), (V{"退款已经处理"}));
  EXPECT_EQ(this->found("policy", {red}), (V{"The refund policy changed today"}));
  EXPECT_EQ(this->found("polic", {red}), (V{}));  // whole words (a prefix would cost a full doclist)
  EXPECT_EQ(this->found("r" + std::to_string(red), {red}), (V{}));  // a room's token is not text
  EXPECT_EQ(this->found("refund", {}), (V{}));
  EXPECT_EQ(this->found("%*\"'", {red}), (V{}));
  auto hit = chat.search("lunch", std::vector<int64_t>{red}, 5).value();
  ASSERT_EQ(hit.size(), 1u);
  EXPECT_EQ(hit[0].room_name, "red");
  EXPECT_EQ(hit[0].message.room, red);
  // an edit is searched as its new text
  auto lunch = hit[0].message;
  ASSERT_TRUE(chat.edit(lunch.id, "a", "Dinner at eight", {}, 7));
  EXPECT_EQ(this->found("lunch", {red}), (V{}));
  EXPECT_EQ(this->found("dinner", {red}), (V{"Dinner at eight"}));
  EXPECT_EQ(chat.search("x", std::vector<int64_t>{red}, 0).error().field, "limit");
}

}  // namespace
}  // namespace switchyard::comms
