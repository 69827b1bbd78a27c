"""Rate limits for anonymous clients (per IP address) and signed-in clients (per user).

A refused request is a 429 with `Retry-After`. The rates come from
`REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]` (environment: API_THROTTLE_ANON, API_THROTTLE_USER),
read on each request so that a settings change takes effect without re-importing."""

from rest_framework import throttling
from rest_framework.settings import api_settings


class _SettingsRate:
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class AnonRateThrottle(_SettingsRate, throttling.AnonRateThrottle):
    pass


class UserRateThrottle(_SettingsRate, throttling.UserRateThrottle):
    pass
