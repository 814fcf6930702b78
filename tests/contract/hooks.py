"""Schemathesis hooks for Bellhop.

- Every generated request is made as the demo chain admin (`C001`, also the demo
  hotel's admin, so the hotel's admin routes and the chain's are both exercised), with
  the session cookie of a sign-in; a generated request that ended the session (signing
  out) does not turn the rest of the run into 401s: the cookie is checked and taken
  again before use. A generated request that moved the session to another hotel (a new
  one, which has nothing in it) is undone the same way: the session is moved back home.
- The run's own account is left alone: a generated request that would change its secret,
  edit it, withdraw its chain admin flag, or sign in as it (five wrong passwords lock it)
  is pointed at another person of the hotel instead. Otherwise one such request ends the run's access for good, which
  tests nothing of the API.
- A well-formed `Idempotency-Key` is replaced by a fresh one: the server rightly answers
  a key used before with the first answer, or refuses it with another request (422), and
  no schema can say "a key not used before". Malformed keys are sent as generated.
"""

import os
import re
import uuid

import requests
import schemathesis

BASE = os.environ["BELLHOP_CONTRACT_URL"]
EMPLOYEE_NO = os.environ.get("BELLHOP_CONTRACT_USER", "C001")
PASSWORD = os.environ.get("BELLHOP_CONTRACT_PASSWORD", "bellhop-demo")
# Whom a request aimed at the run's own account is pointed at instead.
STAND_IN = os.environ.get("BELLHOP_CONTRACT_STAND_IN", "M002")
COOKIE = "bellhop_session"
WELL_FORMED_KEY = re.compile(r"[!-~]{1,100}")


def sign_in():
    response = requests.post(
        f"{BASE}/api/session",
        json={"employee_no": EMPLOYEE_NO, "password": PASSWORD},
        headers={"X-Requested-With": "bellhop"},
        timeout=30,
    )
    response.raise_for_status()
    return response.cookies[COOKIE]


def person(cookie, employee_no):
    """The id of the person with `employee_no`, read as the run's admin."""
    response = requests.get(f"{BASE}/api/staff", params={"limit": 200}, cookies={COOKIE: cookie}, timeout=30)
    response.raise_for_status()
    return next(p["id"] for p in response.json()["items"] if p["employee_no"] == employee_no)


def session(cookie):
    """The session behind `cookie`, or None once it ended."""
    response = requests.get(f"{BASE}/api/session", cookies={COOKIE: cookie}, timeout=30)
    return response.json() if response.status_code == 200 else None


def move_home(cookie, home):
    response = requests.post(
        f"{BASE}/api/session/hotel",
        json={"property_id": home},
        cookies={COOKIE: cookie},
        headers={"X-Requested-With": "bellhop"},
        timeout=30,
    )
    response.raise_for_status()


class Account:
    cookie = None
    home = None
    own_id = None
    stand_in_id = None


@schemathesis.auth(refresh_interval=None)
class Session:
    def get(self, case, context):
        info = Account.cookie and session(Account.cookie)
        if not info:
            Account.cookie = sign_in()
            info = session(Account.cookie)
            Account.home = Account.home or info["property"]["id"]
            Account.own_id = Account.own_id or person(Account.cookie, EMPLOYEE_NO)
            Account.stand_in_id = Account.stand_in_id or person(Account.cookie, STAND_IN)
        elif info["property"]["id"] != Account.home:
            move_home(Account.cookie, Account.home)
        return Account.cookie

    def set(self, case, data, context):
        case.cookies = {**(case.cookies or {}), COOKIE: data}


@schemathesis.hook
def before_call(context, case, kwargs):
    for name in list(case.headers or {}):
        if name.lower() == "idempotency-key" and WELL_FORMED_KEY.fullmatch(str(case.headers[name])):
            case.headers[name] = str(uuid.uuid4())
    if case.path_parameters and Account.own_id and case.operation.path.startswith("/staff/{id}"):
        if str(case.path_parameters.get("id", "")).lower() == Account.own_id:
            case.path_parameters["id"] = Account.stand_in_id
    if case.path_parameters and Account.own_id and case.operation.path == "/chain/people/{staff_id}/chain-admin":
        if case.method.upper() == "DELETE" and str(case.path_parameters.get("staff_id", "")).lower() == Account.own_id:
            case.path_parameters["staff_id"] = Account.stand_in_id
    if isinstance(case.body, dict) and str(case.body.get("employee_no", "")).strip().upper() == EMPLOYEE_NO:
        case.body["employee_no"] = STAND_IN
