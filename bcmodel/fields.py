"""Short constructors so entity files read like BC's property tables."""

from bcmodel.model import Edm, EnumType, Field


def guid(name: str, *, read_only: bool = False) -> Field:
    return Field(name, Edm.GUID, read_only=read_only)


def text(name: str, length: int | None = None, *, read_only: bool = False) -> Field:
    return Field(name, Edm.STRING, max_length=length, read_only=read_only)


def code(name: str, length: int, *, read_only: bool = False) -> Field:
    return Field(name, Edm.STRING, max_length=length, code=True, read_only=read_only)


def date(name: str, *, read_only: bool = False) -> Field:
    return Field(name, Edm.DATE, read_only=read_only)


def datetime(name: str = "lastModifiedDateTime", *, read_only: bool = True) -> Field:
    return Field(name, Edm.DATETIME, read_only=read_only)


def decimal(name: str, *, read_only: bool = False, ignored: bool = False) -> Field:
    return Field(name, Edm.DECIMAL, read_only=read_only, ignored_on_write=ignored)


def integer(name: str, *, read_only: bool = False) -> Field:
    return Field(name, Edm.INT32, read_only=read_only)


def int64(name: str, *, read_only: bool = False) -> Field:
    return Field(name, Edm.INT64, read_only=read_only)


def boolean(name: str, *, read_only: bool = False) -> Field:
    return Field(name, Edm.BOOLEAN, read_only=read_only)


def enum(name: str, enum_type: EnumType, *, read_only: bool = False) -> Field:
    return Field(name, Edm.ENUM, enum=enum_type, read_only=read_only)


def key() -> Field:
    return guid("id", read_only=True)
