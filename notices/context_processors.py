from notices.selectors import unread_count


def unread(request) -> dict:
    """The unread count beside the navigation's Notices link, counted only when a page
    shows it (a partial does not)."""
    membership = getattr(request, "membership", None)
    if membership is None:
        return {}
    return {"unread_notices": lambda: unread_count(membership)}
