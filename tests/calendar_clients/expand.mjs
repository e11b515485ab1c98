// Reads an iCalendar file (a path, or standard input) the way Thunderbird does, with Mozilla's
// ical.js: the file's own VTIMEZONEs are registered, then every VEVENT is expanded (repeats
// included, up to the given end) and printed as JSON, one entry per date, times in UTC.
//
//   node expand.mjs [file.ics] [--until 2030-01-01]
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const args = process.argv.slice(2);
const untilAt = args.indexOf("--until");
const until = untilAt >= 0 ? args.splice(untilAt, 2)[1] : "2035-01-01";
const text = readFileSync(args[0] ?? 0, "utf8");

const calendar = new ICAL.Component(ICAL.parse(text));
for (const zone of calendar.getAllSubcomponents("vtimezone")) {
  ICAL.TimezoneService.register(new ICAL.Timezone(zone));
}
const last = ICAL.Time.fromDateString(until);

function utc(time) {
  return time.toJSDate().toISOString();
}

const dates = [];
for (const component of calendar.getAllSubcomponents("vevent")) {
  const event = new ICAL.Event(component);
  const common = {
    uid: event.uid,
    status: component.getFirstPropertyValue("status"),
    sequence: event.sequence,
    method: calendar.getFirstPropertyValue("method"),
  };
  if (!event.isRecurring()) {
    dates.push({ ...common, start: utc(event.startDate), end: utc(event.endDate) });
    continue;
  }
  const repeats = event.iterator();
  for (let next = repeats.next(); next && next.compare(last) < 0; next = repeats.next()) {
    const details = event.getOccurrenceDetails(next);
    dates.push({ ...common, start: utc(details.startDate), end: utc(details.endDate) });
  }
}
process.stdout.write(JSON.stringify(dates));
