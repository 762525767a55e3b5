"""The record in and out of files and feeds: JSON (lossless), CSV, iCalendar, TimelineJS
and Atom out; JSON, CSV and XLSX in (records.py checks and writes rows through the
services; jobs.py runs an admin upload in a worker within its bounds)."""
