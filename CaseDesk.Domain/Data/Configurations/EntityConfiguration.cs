using CaseDesk.Domain.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CaseDesk.Domain.Data.Configurations;

internal static class EntityConfiguration
{
    public const int AuthorMaxLength = 60;

    /// <summary>The columns every <see cref="Entity"/> shares: the concurrency token and who last touched it.</summary>
    public static void ConfigureEntity<T>(this EntityTypeBuilder<T> builder)
        where T : Entity
    {
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Version).IsConcurrencyToken();
        builder.Property(e => e.CreatedBy).HasMaxLength(AuthorMaxLength);
        builder.Property(e => e.UpdatedBy).HasMaxLength(AuthorMaxLength);
    }
}

internal sealed class NumberSeriesConfiguration : IEntityTypeConfiguration<NumberSeries>
{
    public void Configure(EntityTypeBuilder<NumberSeries> builder)
    {
        builder.ToTable("NumberSeries");
        builder.HasKey(s => s.Key);
        builder.Property(s => s.Key).HasMaxLength(NumberSeries.KeyMaxLength);
    }
}
