"""Which roles a counted thing can have, for every language's quantity reader."""


def role_fits(role: str, unit: str) -> bool:
    """Whether a figure of ``unit`` can have ``role``: people are killed, injured or
    missing, never launched; weapons the reverse; a vehicle is only captured; a
    target (Russian/Ukrainian tallies) is hit or brought down; "lost" is no count."""
    if role == "lost":
        return False
    if unit == "person" and role in ("launched", "intercepted", "hit"):
        return False
    if unit != "person" and role in ("killed", "injured", "missing"):
        return False
    if unit == "vehicle":
        return role == "captured"
    if unit == "target":
        return role in ("hit", "intercepted")
    return True
