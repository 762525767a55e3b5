"""The record in the admin: every model admin of the site is registered from here (the
digests and intake apps register their own), each built on admin.base."""

from django.contrib.auth.models import Group, User
from rest_framework.authtoken.models import TokenProxy

from . import events, imports, reference
from .base import Checked, CheckedAdmin, HistoryAdmin, merge_action, recheck, user_of

# Other apps' admins, checked as ours are.
for _model in (User, Group, TokenProxy):
    recheck(_model)

__all__ = [
    "Checked",
    "CheckedAdmin",
    "HistoryAdmin",
    "events",
    "imports",
    "merge_action",
    "recheck",
    "reference",
    "user_of",
]
