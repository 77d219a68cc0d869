#include "auth/roles.h"

#include <gtest/gtest.h>

namespace switchyard::auth {
namespace {

TEST(Roles, NamesRoundTrip) {
  for (Role r : {Role::kAgent, Role::kTeamLead, Role::kQuality, Role::kWfm, Role::kReporting, Role::kAdmin,
                 Role::kIntegration})
    EXPECT_EQ(role_from_string(to_string(r)), r);
  EXPECT_FALSE(role_from_string("root"));
}

TEST(Roles, ScopesFollowTheRoleModel) {
  EXPECT_EQ(scope_of(Role::kAgent, Permission::kHandleContacts), Scope::kSelf);
  EXPECT_EQ(scope_of(Role::kTeamLead, Permission::kReadRealtime), Scope::kTeam);
  EXPECT_EQ(scope_of(Role::kAdmin, Permission::kWriteConfig), Scope::kAll);
  EXPECT_EQ(scope_of(Role::kAgent, Permission::kWriteConfig), Scope::kNone);
  EXPECT_EQ(scope_of(Role::kReporting, Permission::kHandleContacts), Scope::kNone);
  EXPECT_EQ(scope_of(Role::kIntegration, Permission::kCreateContact), Scope::kAll);
  EXPECT_EQ(scope_of(Role::kIntegration, Permission::kManageUsers), Scope::kNone);
  // Only admins manage users, write config or read the audit log.
  for (Role r : {Role::kAgent, Role::kTeamLead, Role::kQuality, Role::kWfm, Role::kReporting, Role::kIntegration}) {
    EXPECT_EQ(scope_of(r, Permission::kManageUsers), Scope::kNone);
    EXPECT_EQ(scope_of(r, Permission::kReadAudit), Scope::kNone);
  }
}

}  // namespace
}  // namespace switchyard::auth
