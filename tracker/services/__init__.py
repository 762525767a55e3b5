"""Every write to the record goes through here: the admin, the API, imports and intake
call these functions, which validate everything, write in one transaction, and keep the
search index and the cached summaries in step (no signals: there is no other path)."""

from .events import (
    FigureData,
    ParticipantData,
    SourceData,
    attached_data,
    clean_tags,
    create_event,
    delete_events,
    duplicate_event,
    figure_data,
    replace_event,
    set_countries,
    set_status,
    source_data,
    update_event,
)
from .reference import (
    delete_tags,
    delete_topics,
    merge_actors,
    merge_tags,
    save_actor,
    save_country,
    save_kind,
    save_tag,
    save_topic,
)

__all__ = [
    "FigureData",
    "ParticipantData",
    "SourceData",
    "attached_data",
    "clean_tags",
    "create_event",
    "delete_events",
    "delete_tags",
    "delete_topics",
    "duplicate_event",
    "figure_data",
    "merge_actors",
    "merge_tags",
    "replace_event",
    "save_actor",
    "save_country",
    "save_kind",
    "save_tag",
    "save_topic",
    "set_countries",
    "set_status",
    "source_data",
    "update_event",
]
