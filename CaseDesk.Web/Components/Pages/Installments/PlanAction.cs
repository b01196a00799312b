namespace CaseDesk.Web.Components.Pages.Installments;

public enum PlanAction
{
    Approve,
    Reject,
    Payment,
    Dishonour,
    DishonourGuarantee,
    Revoke,
}
