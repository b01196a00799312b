using CaseDesk.Domain.Installments;
using Microsoft.Extensions.Options;

namespace CaseDesk.Web.Infrastructure;

/// <summary>Where uploaded documents live on disk (outside the database): Installments:DocumentFolder under the content root.</summary>
public sealed class DocumentFolder(IOptions<InstallmentOptions> options, IHostEnvironment environment)
{
    public string Path { get; } = System.IO.Path.GetFullPath(System.IO.Path.Combine(environment.ContentRootPath, options.Value.DocumentFolder));
}
