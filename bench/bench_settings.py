"""Settings for the desk benchmark: the product's own, plus one bare view
(the baseline) mounted beside the product's URLs. Never used by the product."""

from tandem.settings import *  # noqa: F403

ROOT_URLCONF = "bench_urls"
