"""The pages of BC's API v2.0 app outside the standard group: separate APIs BC serves
under `/api/microsoft/<group>/v2.0/` (read from the same AL files as bc_api_pages.py)."""

from __future__ import annotations

from bcmodel.bc_api import ApiGroup, BcPage, Kind

AUT = ApiGroup.AUTOMATION
AUD = ApiGroup.AUDITING
RO = True
RW = False
_USER_GROUPS_GONE = "obsolete since BC 22: the User Group table is deprecated"

OTHER_GROUP_PAGES: tuple[BcPage, ...] = (
    BcPage("accessControls", "APIV2 - Access Control", AUT, RO, "Permission set assignments."),
    BcPage(
        "aggregatePermissionSets", "APIV2 - Permission Sets", AUT, RO, "Permission sets by app."
    ),
    BcPage("automationCompanies", "APIV2 - Aut. Companies", AUT, RW, "Companies of the tenant."),
    BcPage(
        "configurationPackages",
        "APIV2 - Aut. Config. Packages",
        AUT,
        RW,
        "RapidStart configuration packages; the actions import and apply them.",
    ),
    BcPage(
        "file",
        "APIV2 - Aut. Conf. Pack. File",
        AUT,
        RW,
        "The file of a configuration package (its part `file`).",
        Kind.PART,
    ),
    BcPage(
        "extensionDeploymentStatus",
        "APIV2 - Aut. Extension Depl.",
        AUT,
        RO,
        "Extension install and upload operations.",
    ),
    BcPage(
        "extensionUpload",
        "APIV2 - Aut. Extension Upload",
        AUT,
        RW,
        "An extension package to upload; the action upload deploys it.",
    ),
    BcPage(
        "extensions",
        "APIV2 - Aut. Extensions",
        AUT,
        RO,
        "Published extensions; actions install, uninstall, uninstallAndDeleteExtensionData.",
    ),
    BcPage(
        "features",
        "APIV2 - Feature Management",
        AUT,
        RO,
        "Feature switches; the actions activate and deactivate them.",
    ),
    BcPage("permissionSets", "APIV2 - Aut. Permission Sets", AUT, RO, "Permission sets."),
    BcPage("profiles", "APIV2 - Aut. Profiles", AUT, RO, "User profiles (roles)."),
    BcPage("scheduledJobs", "APIV2 - Aut. Scheduled Jobs", AUT, RO, "Jobs the automation API ran."),
    BcPage(
        "securityGroupMembers",
        "APIV2 - Aut. Sec. Gr. Members",
        AUT,
        RW,
        "Members of security groups; their fields are not editable.",
    ),
    BcPage(
        "securityGroups",
        "APIV2 - Aut. Security Groups",
        AUT,
        RW,
        "Security groups; their fields are not editable.",
    ),
    BcPage(
        "userGroupMembers",
        "APIV2 - Aut. User Gr. Members",
        AUT,
        RW,
        "Members of user groups.",
        obsolete=_USER_GROUPS_GONE,
    ),
    BcPage(
        "userGroupPermissions",
        "APIV2 - Aut. User Group Perm.",
        AUT,
        RW,
        "Permission sets of user groups.",
    ),
    BcPage(
        "userGroups",
        "APIV2 - Aut. User Groups",
        AUT,
        RW,
        "User groups.",
        obsolete=_USER_GROUPS_GONE,
    ),
    BcPage(
        "userPermissionSets",
        "APIV2 - User Permission Sets",
        AUT,
        RO,
        "Permission sets of users.",
    ),
    BcPage("userPermissions", "APIV2 - Aut. User Permissions", AUT, RW, "Users' permission sets."),
    BcPage(
        "users",
        "APIV2 - Aut. Users",
        AUT,
        RW,
        "Users; modify only; actions fetch new users from Microsoft 365.",
    ),
    BcPage("usersPermissions", "APIV2 - Users Permissions", AUT, RO, "Users and their licenses."),
    BcPage("approvalEntries", "APIV2 - Approval Entries", AUD, RO, "Approval requests."),
    BcPage("approvalUserSetup", "APIV2 - Approval User Setup", AUD, RO, "Approvers' limits."),
    BcPage(
        "expandedPermissionSets",
        "APIV2 Expanded Permission Sets",
        AUD,
        RO,
        "Permissions per object, expanded from permission sets.",
    ),
    BcPage(
        "postedApprovalEntries",
        "APIV2 - Pstd. Approval Entries",
        AUD,
        RO,
        "Approval requests of posted documents.",
    ),
    BcPage("workflowApprovers", "APIV2 - Workflow Approvers", AUD, RO, "Approvers of workflows."),
    BcPage(
        "workflowResponseOptions",
        "APIV2 - Workflow Resp. Options",
        AUD,
        RO,
        "Options of workflow responses.",
    ),
    BcPage("workflowSteps", "APIV2 - Workflow Steps", AUD, RO, "Steps of workflows."),
    BcPage("workflows", "APIV2 - Workflows", AUD, RO, "Approval and other workflows."),
    BcPage(
        "reportLabels",
        "APIV2 - Power BI Labels",
        ApiGroup.POWERBI,
        RO,
        "Captions for Power BI reports.",
    ),
    BcPage(
        "requisitionWorksheetNames",
        "APIV2 - Requisition Wksh. Name",
        ApiGroup.AUTOMATE,
        RW,
        "Requisition worksheet names.",
    ),
)
