# Drove the server of commit 1d3384a to write log_v1.sql (kept for the record):
#   switchyard serve --demo --store sqlite:/tmp/v1.db --port 18091 &
#   python3 make_log_v1.py; kill -TERM %1
#   sqlite3 /tmp/v1.db ".dump events" ".dump contacts" ".dump idempotency" | grep ^INSERT
import json, time, urllib.request, sys
B = "http://127.0.0.1:18091"
def call(method, path, body=None, token=None, headers=None):
    req = urllib.request.Request(B + path, method=method, data=None if body is None else json.dumps(body).encode())
    if token: req.add_header("Authorization", "Bearer " + token)
    for k, v in (headers or {}).items(): req.add_header(k, v)
    try:
        with urllib.request.urlopen(req) as r: return r.status, json.loads(r.read() or b"null")
    except urllib.error.HTTPError as e: return e.code, json.loads(e.read() or b"null")
T = call("POST", "/api/v1/auth/login", {"username": "admin", "password": "switchyard-demo"})[1]["token"]
def api(m, p, b=None, **kw): 
    s, r = call(m, p, b, T, **kw); print(m, p, s, json.dumps(r)[:100]); return r
api("PUT", "/api/v1/settings", {"offer_timeout_ms": 1500, "missed_backoff_ms": 1000, "max_consecutive_misses": 2, "default_acw_ms": 0, "voice_blocks_others": True, "day_offset_ms": 3600000, "ewt_tau_ms": 600000})
api("POST", "/api/v1/skills", {"name": "french"})
api("POST", "/api/v1/queues", {"name": "fx", "channel": "voice", "skills": [{"skill": "french", "min_proficiency": 2}], "acw_ms": 800, "max_length": 3,
    "bullseye": [{"after_ms": 60000, "min_proficiency": 1, "alternative_skills": [[{"skill": "billing", "min_proficiency": 5}]], "add_sites": ["lyon"]}],
    "overflow": {"threshold_ms": 30000, "group_thresholds": [{"group": "vip", "threshold_ms": 20000}], "backup_teams": ["blue"]}, "sites": ["paris"], "strategy": "round_robin"})
api("POST", "/api/v1/queues", {"name": "fx-ov", "channel": "voice", "skills": [{"skill": "french", "min_proficiency": 5}], "max_wait_ms": 2500, "exit_action": "overflow", "exit_target": "fx",
    "bullseye": [{"after_ms": 300, "add_queues": ["billing"]}], "overflow": {"threshold_ms": 600, "backup_queues": ["tech"]}})
api("POST", "/api/v1/queues", {"name": "fx-end", "channel": "voice", "max_wait_ms": 1000, "exit_action": "end", "skills": [{"skill": "french"}]})
api("POST", "/api/v1/queues", {"name": "fx-closed", "channel": "chat", "open": False})
api("POST", "/api/v1/agents", {"name": "fx-ann", "team": "red", "site": "paris", "skills": [{"skill": "french", "proficiency": 3}], "capacity": {"voice": 1, "chat": 2, "email": 1, "sms": 1, "social": 1}})
api("POST", "/api/v1/agents", {"name": "fx-bob", "team": "blue", "site": "paris", "skills": [{"skill": "french", "proficiency": 4}]})
api("POST", "/api/v1/agents/fx-ann/login", {"ready": False})
api("POST", "/api/v1/agents/fx-ann/state", {"state": "ready"})
c1 = api("POST", "/api/v1/contacts", {"queue": "fx", "customer_id": "cust-1", "customer_group": "vip", "priority": 2, "attributes": {"lang": "fr", "order": "42 \u00e9"}}, headers={"Idempotency-Key": "fx-k1"})["id"]
api("POST", "/api/v1/contacts", {"queue": "fx", "customer_id": "cust-1"}, headers={"Idempotency-Key": "fx-k1"})
api("POST", f"/api/v1/contacts/{c1}/accept", {"agent": "fx-ann"})
api("POST", f"/api/v1/contacts/{c1}/hold", {"agent": "fx-ann"}); time.sleep(0.3)
api("POST", f"/api/v1/contacts/{c1}/resume", {"agent": "fx-ann"}); time.sleep(0.2)
api("POST", f"/api/v1/contacts/{c1}/end", {"agent": "fx-ann"})
api("POST", f"/api/v1/contacts/{c1}/wrapup", {"agent": "fx-ann", "disposition": "resolved"})
c2 = api("POST", "/api/v1/contacts", {"queue": "fx", "customer_id": "cust-2"})["id"]
api("POST", f"/api/v1/contacts/{c2}/reject", {"agent": "fx-ann"})   # miss 1, backoff
time.sleep(1.3)                                                       # backoff ends, re-offered
api("GET", "/api/v1/agents/fx-ann/offer")
time.sleep(1.8)                                                       # offer times out: miss 2 -> not ready "missed"
api("GET", "/api/v1/agents/fx-ann")
api("POST", "/api/v1/agents/fx-ann/state", {"state": "ready"}); time.sleep(1.3)
off = api("GET", "/api/v1/agents/fx-ann/offer")
c2 = off[0]["id"]
api("POST", f"/api/v1/contacts/{c2}/accept", {"agent": "fx-ann"})
api("POST", f"/api/v1/contacts/{c2}/transfer", {"agent": "fx-ann", "queue": "fx-ov", "keep_place": True})
time.sleep(1.0)                                                       # ACW 800 ms ends by timer
c3 = api("POST", "/api/v1/contacts", {"queue": "fx-end", "customer_id": "cust-3"})["id"]
c4 = api("POST", "/api/v1/contacts", {"queue": "fx-closed", "channel": "chat", "customer_id": "cust-4"})
api("POST", "/api/v1/agents/fx-ann/state", {"state": "not_ready", "reason": "lunch"})
c5 = api("POST", "/api/v1/contacts", {"queue": "fx", "customer_id": "cust-5"})["id"]
api("POST", f"/api/v1/contacts/{c5}/callback")
c6 = api("POST", "/api/v1/contacts", {"queue": "fx", "customer_id": "cust-6"})["id"]
api("POST", f"/api/v1/contacts/{c6}/abandon")
api("POST", "/api/v1/contacts", {"queue": "fx", "customer_id": "cust-7"})
api("POST", "/api/v1/contacts", {"queue": "fx", "customer_id": "cust-8"})
api("POST", "/api/v1/contacts", {"queue": "fx", "customer_id": "cust-9"})   # refused: queue_full
time.sleep(1.5)
api("POST", "/api/v1/agents/fx-bob/login")
time.sleep(0.5)
api("GET", "/api/v1/agents/fx-bob/offer")
api("POST", "/api/v1/agents/fx-ann/logout")
api("GET", "/api/v1/realtime")
