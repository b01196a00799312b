using CaseDesk.Domain.Cases;
using Mapster;

namespace CaseDesk.Domain.Common;

/// <summary>Mapster projections used by the domain's queries (list rows and detail views are projected in SQL).</summary>
public static class DomainMapping
{
    public static readonly TypeAdapterConfig Config = Build();

    private static TypeAdapterConfig Build()
    {
        var config = new TypeAdapterConfig();
        config.NewConfig<EnforcementCase, CaseRow>()
            .Map(d => d.ObligorIdMasked, s => Mask.ObligorId(s.ObligorIdNumber))
            .Map(d => d.AgencyName, s => s.ReferringAgency!.Name)
            .Map(d => d.UnitName, s => s.Unit!.Name)
            .Map(d => d.ClerkName, s => s.ResponsibleClerk == null ? null : s.ResponsibleClerk.Name);
        config.NewConfig<EnforcementCase, CaseDetail>()
            .Map(d => d.ObligorIdMasked, s => Mask.ObligorId(s.ObligorIdNumber))
            .Map(d => d.ObligorPhoneMasked, s => Mask.Phone(s.ObligorPhone))
            .Map(d => d.AgencyName, s => s.ReferringAgency!.Name)
            .Map(d => d.UnitName, s => s.Unit!.Name)
            .Map(d => d.ClerkName, s => s.ResponsibleClerk == null ? null : s.ResponsibleClerk.Name)
            .Ignore(d => d.CanEdit, d => d.CanRevealId);
        config.NewConfig<EnforcementCase, CaseInput>()
            .Map(d => d.CaseNumber, s => s.CaseNumber);
        config.Compile();
        return config;
    }
}
