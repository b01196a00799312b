namespace CaseDesk.Web.Components.Pages.Cases;

/// <summary>What the deferral dialog does: defer (暫緩執行), extend the end date, or lift it early.</summary>
public enum CaseDeferralMode
{
    Defer,
    Extend,
    Lift,
}
