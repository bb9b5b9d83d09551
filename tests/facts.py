"""Published facts the tests check zonemap against — written once, each with where it is published.

A test's expected value comes from here (or from an independent computation), never from the code under test.
Coordinates are (lat, lon) in degrees, WGS 84.
"""

from __future__ import annotations

from datetime import date, timedelta

# The Astana joint statement of Iran, Russia and Turkey that drew the four de-escalation areas (the page's
# default date).
STATEMENT = date(2017, 9, 15)

# Eastern Ghouta's end: the last fighters and their families left Douma and Russian military police deployed
# there; the siege is dated 7 April 2013 – 14 April 2018 (Wikipedia, "Siege of Eastern Ghouta"). zonemap's
# periods are half-open: the area holds up to 13 April and no longer on the 14th.
GHOUTA_END = date(2018, 4, 14)
GHOUTA_LAST_DAY = GHOUTA_END - timedelta(days=1)
GHOUTA_END_SHORT = "14 Apr 2018"  # as the details panel and the handout write a date
GHOUTA_END_LONG = "14 April 2018"

# Towns and their coordinates (GeoNames; Wikipedia gives the same to within a kilometre).
DOUMA = (33.5718, 36.4027)  # the main town of eastern Ghouta: inside the area until GHOUTA_END
SARAQIB = (35.8645, 36.8059)  # on the M4 east of Idlib city: inside the Idlib area in 2017

# Two towns of Daraa governorate whose Arabic names begin with alif with hamza below (إ), which many writers
# drop (ا): GeoNames holds them without it. Wikipedia: Izra' 32°51′N 36°15′E, Inkhil 33°01′N 36°08′E.
IZRA = ("إزرع", (32.857, 36.250))
INKHIL = ("إنخل", (33.017, 36.133))
