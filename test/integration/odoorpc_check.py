"""Acceptance check: the real odoorpc client (Debian python3-odoorpc) against the Odoo simulator.

Usage: /usr/bin/python3 odoorpc_check.py PORT [DB LOGIN PASSWORD]
Prints one JSON object on stdout. Exit 0 when every assertion held; on failure prints
{"ok": false, "step": ..., "error": ...} and exits 1 (exit 3 when odoorpc is not importable).
"""
import json
import sys
import traceback

try:
    import odoorpc
except ImportError as exc:  # the TypeScript test turns this into an "apt-get install python3-odoorpc" message
    print(json.dumps({"ok": False, "step": "import", "error": str(exc)}))
    sys.exit(3)

port = int(sys.argv[1])
db, login, password = (sys.argv[2:5] + ["demo", "admin", "admin"][len(sys.argv[2:5]):])
summary = {"ok": False, "odoorpc": getattr(odoorpc, "__version__", "?")}
step = "connect"


def check(cond, what):
    if not cond:
        raise AssertionError(what)


try:
    # 1. ODOO() asks /web/webclient/version_info
    odoo = odoorpc.ODOO("127.0.0.1", port=port, timeout=30)
    summary["server_version"] = odoo.version

    # 2. interactive login through /web/session/authenticate
    step = "login"
    odoo.login(db, login, password)
    summary["uid"] = odoo.env.uid
    check(isinstance(odoo.env.uid, int) and odoo.env.uid > 0, "uid after login")
    check(isinstance(odoo.env.context, dict) and "lang" in odoo.env.context, "user_context")

    # a wrong password must be an RPCError, not a crash
    step = "bad-login"
    other = odoorpc.ODOO("127.0.0.1", port=port, timeout=30)
    try:
        other.login(db, login, password + "-wrong")
        raise AssertionError("login with a wrong password succeeded")
    except odoorpc.error.RPCError as exc:
        summary["bad_login_error"] = exc.info["data"]["name"]

    # 3. first use of a model: fields_get through object.execute (not execute_kw)
    step = "fields_get"
    Partner = odoo.env["res.partner"]
    fields = Partner.fields_get()
    check("name" in fields and fields["name"]["type"] == "char", "fields_get name")
    check(all("type" in f for f in fields.values()), "every field has a type")
    summary["partner_fields"] = len(fields)

    # 4. search_read with a domain (execute_kw, context added by odoorpc)
    step = "search_read"
    rows = Partner.search_read([("id", ">", 0)], ["name", "email"], limit=5)
    check(isinstance(rows, list) and len(rows) > 0, "search_read returned rows")
    check(all("id" in r and "name" in r for r in rows), "search_read row shape")
    summary["search_read_count"] = len(rows)
    companies = Partner.search_read([("is_company", "=", True), ("name", "!=", False)], ["name", "is_company"], limit=3)
    check(len(companies) > 0 and all(c["is_company"] is True for c in companies), "domain filters on is_company")

    # 5. create → int
    step = "create"
    new_id = Partner.create({"name": "odoorpc Acceptance Co", "email": "rpc@example.com", "is_company": True})
    check(isinstance(new_id, int), "create returns an int")
    summary["created_id"] = new_id

    # 6. browse → read of all non-relational fields with load=_classic_write
    step = "browse"
    rec = Partner.browse(new_id)
    check(rec.name == "odoorpc Acceptance Co", "browse name")
    check(rec.email == "rpc@example.com", "browse email")

    # 7. setting a field → write → true
    step = "write"
    rec.email = "changed@example.com"

    # 8. re-read, both ways
    step = "reread"
    again = Partner.read([new_id], ["email", "name"])[0]
    check(again["email"] == "changed@example.com", "read after write")
    check(Partner.browse(new_id).email == "changed@example.com", "browse after write")
    found = Partner.search([("email", "=", "changed@example.com")])
    check(new_id in found, "search finds the written value")
    summary["reread_email"] = again["email"]

    # 9. an Odoo error arrives as RPCError carrying error.data
    step = "missing"
    try:
        Partner.write([987654321], {"name": "nobody"})
        raise AssertionError("write on a missing record succeeded")
    except odoorpc.error.RPCError as exc:
        summary["missing_error"] = exc.info["data"]["name"]

    step = "logout"
    check(odoo.logout() is True, "logout")
    summary["ok"] = True
except Exception as exc:  # report, do not crash: the test prints this
    summary.update({"ok": False, "step": step, "error": "%s: %s" % (type(exc).__name__, exc), "trace": traceback.format_exc()})

print(json.dumps(summary))
sys.exit(0 if summary["ok"] else 1)
