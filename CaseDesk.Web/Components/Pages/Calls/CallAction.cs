namespace CaseDesk.Web.Components.Pages.Calls;

public enum CallAction
{
    Attempt,
    Assign,
    SupervisorClose,
    Close,
}
