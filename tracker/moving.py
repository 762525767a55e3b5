"""For migrations that move models from the tracker app to another app: the moved models
keep their content types (and so the permissions groups hold on them, and the admin's
log), relabelled to their new app."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Step = Callable[[Any, Any], None]


def relabel_content_types(app: str, models: tuple[str, ...]) -> tuple[Step, Step]:
    """A RunPython pair: relabel the models' content types from tracker to ``app``, and back."""

    def forward(apps: Any, schema_editor: Any) -> None:
        content_type = apps.get_model("contenttypes", "ContentType")
        for model in models:
            if not content_type.objects.filter(app_label=app, model=model).exists():
                content_type.objects.filter(app_label="tracker", model=model).update(app_label=app)

    def backward(apps: Any, schema_editor: Any) -> None:
        content_type = apps.get_model("contenttypes", "ContentType")
        content_type.objects.filter(app_label=app, model__in=models).update(app_label="tracker")

    return forward, backward
