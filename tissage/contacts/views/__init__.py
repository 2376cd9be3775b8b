from tissage.contacts.views.entry import directory_panel, entry, index, service_suggestions

__all__ = ["directory_panel", "entry", "index", "service_suggestions"]
