"""Relations several entities declare alike, built in one place so that giving another
entity one is a single line of its `relations`."""

from bcmodel.model import Relation


def default_dimensions(whose: str) -> Relation:
    """BC's `defaultDimensions` navigation of a customer, vendor, item or employee (a part
    of its API page linked by ParentId = SystemId): the default dimensions whose parentId
    is the record's id. `whose` names the record in the description ("vendor's")."""
    return Relation(
        "defaultDimensions",
        "defaultDimensions",
        "id",
        "parentId",
        many=True,
        nav="defaultDimensions",
        description=f"The {whose} default dimensions: the dimension values BC puts on "
        "documents and journal lines for it. Read in the record's own call to BC ($expand) "
        "when selected with it.",
        # BC's DimensionManagement deletes a record's default dimensions with it.
        cascade=True,
    )
