from bcmodel.edm import Edm, Field, Lookup
from bcmodel.fields import code, country, date, datetime, email, enum, key, text
from bcmodel.logic import Logic
from bcmodel.model import Entity, NumberSeries, Watch
from bcmodel.organisation_enums import EMPLOYEE_STATUS
from bcmodel.relations import default_dimensions

# BC's Employee Statistics Group, which an employee's Statistics Group Code relates to: no
# API page serves the table, so the sandbox keeps its codes in a hidden set.
STATISTICS_GROUPS = Lookup("_employeeStatisticsGroups", "Employee Statistics Group")

# BC's page APIV2Employees (page 30017) over the Employee table.
EMPLOYEE = Entity(
    name="employee",
    entity_set="employees",
    default_order=("number",),
    title="Employee",
    description="An employee of the company (BC's Employee card).",
    watch=Watch.WEBHOOK,
    table_key="number",
    # Human Resources Setup's Employee Nos. series numbers a new employee.
    number_series=NumberSeries("number", first="E0010"),
    # displayName is BC's join of the first and last names.
    logic=Logic.EMPLOYEE,
    fields=(
        key(),
        code(
            "number",
            20,
            description="The employee's number (BC's No.), unique in the company. Left out "
            "on create, BC's number series assigns one; changing it renames the employee.",
        ),
        text(
            "displayName",
            read_only=True,
            description="The employee's given name and surname, as BC joins them.",
        ),
        text("givenName", 30, description="The employee's first name (BC's First Name)."),
        text("middleName", 30, description="The employee's middle name."),
        text("surname", 30, description="The employee's last name (BC's Last Name)."),
        text("jobTitle", 30, description="The employee's job title."),
        text("addressLine1", 100, description="The first line of the employee's address."),
        text("addressLine2", 50, description="The second line of the employee's address."),
        text("city", 30, description="The employee's city."),
        text("state", 30, description="The employee's state, province or county (BC's County)."),
        country(description="The employee's country/region code, such as US."),
        code("postalCode", 20, description="The employee's postal code (BC's Post Code)."),
        text("phoneNumber", 30, description="The employee's phone number."),
        text("mobilePhone", 30, description="The employee's mobile phone number."),
        email(
            "email",
            description="The employee's work email address (BC's Company E-Mail); BC "
            "refuses text that is not an email address.",
        ),
        email(
            "personalEmail",
            description="The employee's private email address (BC's E-Mail); BC refuses "
            "text that is not an email address.",
        ),
        date("employmentDate", description="The date the employee was hired."),
        date("terminationDate", description="The date employment ended, if it has."),
        enum("status", EMPLOYEE_STATUS, description="Whether the employee still works there."),
        date("birthDate", description="The employee's date of birth."),
        Field(
            "statisticsGroupCode",
            Edm.STRING,
            max_length=10,
            code=True,
            lookup=STATISTICS_GROUPS,
            caption="Statistics Group Code",
            description="The code of the employee statistics group the employee is in (BC's "
            "Employee Statistics Group, such as MONTH or HOUR); BC refuses a code no group has.",
        ),
        datetime(),
    ),
    relations=(default_dimensions("employee's"),),
)
