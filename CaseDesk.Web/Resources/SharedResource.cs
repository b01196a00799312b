namespace CaseDesk.Web.Resources;

/// <summary>Marker for the UI strings: SharedResource.resx (zh-TW, the default) and SharedResource.en.resx.</summary>
public sealed class SharedResource;
