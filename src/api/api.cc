#include "api/api.h"

#include "api/json_text.h"
#include "codec/event_json.h"

namespace switchyard::api {

Api::Api(Services s, Ops ops) : routes_(s.auth) {
  add_auth_routes(routes_, s.catalog);
  add_config_routes(routes_, s.config, s.agents, s.catalog);
  add_contact_routes(routes_, s.contacts, s.catalog);
  add_admin_routes(routes_, s.accounts);
  add_ops_routes(routes_, s.realtime, s.catalog, ops);
  add_report_routes(routes_, s.reports, s.catalog);
  add_event_socket(routes_, s.feed, s.catalog);
}

std::string encode_event(const core::Event& e) { return to_text(codec::to_json(e)); }

}  // namespace switchyard::api
