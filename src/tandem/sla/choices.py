"""The SLA's vocabulary, and the issue's default targets."""

from __future__ import annotations

from django.db import models


class ClockKind(models.TextChoices):
    FIRST_RESPONSE = "first_response", "First response"
    NEXT_RESPONSE = "next_response", "Next response"
    RESOLUTION = "resolution", "Resolution"


class ClockState(models.TextChoices):
    RUNNING = "running", "Running"
    PAUSED = "paused", "Paused"
    STOPPED = "stopped", "Stopped"


class Coverage(models.TextChoices):
    BUSINESS = "business", "Business hours"
    ALWAYS = "24x7", "Around the clock (24x7)"


HOUR = 60
# What "a business day" is in a target: eight business hours (a policy can say otherwise).
BUSINESS_DAY = 8 * HOUR

# Priority -> (first response, resolution) in minutes, and coverage. The next
# response after a practice writes is held to the first-response target.
DEFAULT_TARGETS = {
    1: {"first_response": 15, "resolution": 4 * HOUR, "coverage": Coverage.ALWAYS},
    2: {"first_response": HOUR, "resolution": 8 * HOUR, "coverage": Coverage.BUSINESS},
    3: {"first_response": 4 * HOUR, "resolution": 3 * BUSINESS_DAY, "coverage": Coverage.BUSINESS},
    4: {
        "first_response": BUSINESS_DAY,
        "resolution": 10 * BUSINESS_DAY,
        "coverage": Coverage.BUSINESS,
    },
}
# The provider's business hours until an admin sets its own: Monday to Friday 08:00-18:00.
DEFAULT_HOURS = {str(d): [[8 * HOUR, 18 * HOUR]] for d in range(5)}
