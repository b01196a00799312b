using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace CaseDesk.Domain.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Agencies",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Name = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    Kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    CaseWord = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    IsActive = table.Column<bool>(type: "boolean", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedBy = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Agencies", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AspNetRoles",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    Name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    NormalizedName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    ConcurrencyStamp = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetRoles", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUsers",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    DisplayName = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    StaffMemberId = table.Column<int>(type: "integer", nullable: true),
                    EmailNonUrgent = table.Column<bool>(type: "boolean", nullable: false),
                    UserName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    NormalizedUserName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    Email = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    NormalizedEmail = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    EmailConfirmed = table.Column<bool>(type: "boolean", nullable: false),
                    PasswordHash = table.Column<string>(type: "text", nullable: true),
                    SecurityStamp = table.Column<string>(type: "text", nullable: true),
                    ConcurrencyStamp = table.Column<string>(type: "text", nullable: true),
                    PhoneNumber = table.Column<string>(type: "text", nullable: true),
                    PhoneNumberConfirmed = table.Column<bool>(type: "boolean", nullable: false),
                    TwoFactorEnabled = table.Column<bool>(type: "boolean", nullable: false),
                    LockoutEnd = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LockoutEnabled = table.Column<bool>(type: "boolean", nullable: false),
                    AccessFailedCount = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUsers", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AuditTrail",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    AtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UserId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    UserName = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    EntityType = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    EntityId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Action = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Summary = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    Changes = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditTrail", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "CalendarDays",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Date = table.Column<DateOnly>(type: "date", nullable: false),
                    IsHoliday = table.Column<bool>(type: "boolean", nullable: false),
                    Description = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    Source = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedBy = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CalendarDays", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "DataProtectionKeys",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    FriendlyName = table.Column<string>(type: "text", nullable: true),
                    Xml = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DataProtectionKeys", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "FormDrafts",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    UserId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    FormKey = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Json = table.Column<string>(type: "text", nullable: false),
                    SavedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FormDrafts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "InstallmentPolicies",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Number = table.Column<int>(type: "integer", nullable: false),
                    EffectiveFrom = table.Column<DateOnly>(type: "date", nullable: false),
                    TiersJson = table.Column<string>(type: "text", nullable: false),
                    MinInstallments = table.Column<int>(type: "integer", nullable: false),
                    AbsoluteMaxInstallments = table.Column<int>(type: "integer", nullable: false),
                    BeyondMaxThreshold = table.Column<long>(type: "bigint", nullable: false),
                    Note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedBy = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_InstallmentPolicies", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "NumberSeries",
                columns: table => new
                {
                    Key = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Last = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_NumberSeries", x => x.Key);
                });

            migrationBuilder.CreateTable(
                name: "QuarterSnapshots",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Report = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    RocYear = table.Column<int>(type: "integer", nullable: false),
                    Quarter = table.Column<int>(type: "integer", nullable: false),
                    FiguresJson = table.Column<string>(type: "text", nullable: false),
                    FrozenAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    FrozenBy = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_QuarterSnapshots", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Reminders",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ItemType = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    ItemId = table.Column<int>(type: "integer", nullable: false),
                    Stage = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    DueOn = table.Column<DateOnly>(type: "date", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Reminders", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Sections",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Name = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    IsActive = table.Column<bool>(type: "boolean", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedBy = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Sections", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Units",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Number = table.Column<int>(type: "integer", nullable: false),
                    Name = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    IsActive = table.Column<bool>(type: "boolean", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedBy = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Units", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "WelfarePartners",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    ContactName = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    Phone = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: true),
                    Fax = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: true),
                    Email = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Address = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    ServicesMask = table.Column<int>(type: "integer", nullable: false),
                    AcceptsEmail = table.Column<bool>(type: "boolean", nullable: false),
                    IsActive = table.Column<bool>(type: "boolean", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedBy = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WelfarePartners", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AspNetRoleClaims",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    RoleId = table.Column<string>(type: "text", nullable: false),
                    ClaimType = table.Column<string>(type: "text", nullable: true),
                    ClaimValue = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetRoleClaims", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AspNetRoleClaims_AspNetRoles_RoleId",
                        column: x => x.RoleId,
                        principalTable: "AspNetRoles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserClaims",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    UserId = table.Column<string>(type: "text", nullable: false),
                    ClaimType = table.Column<string>(type: "text", nullable: true),
                    ClaimValue = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserClaims", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AspNetUserClaims_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserLogins",
                columns: table => new
                {
                    LoginProvider = table.Column<string>(type: "text", nullable: false),
                    ProviderKey = table.Column<string>(type: "text", nullable: false),
                    ProviderDisplayName = table.Column<string>(type: "text", nullable: true),
                    UserId = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserLogins", x => new { x.LoginProvider, x.ProviderKey });
                    table.ForeignKey(
                        name: "FK_AspNetUserLogins_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserRoles",
                columns: table => new
                {
                    UserId = table.Column<string>(type: "text", nullable: false),
                    RoleId = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserRoles", x => new { x.UserId, x.RoleId });
                    table.ForeignKey(
                        name: "FK_AspNetUserRoles_AspNetRoles_RoleId",
                        column: x => x.RoleId,
                        principalTable: "AspNetRoles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_AspNetUserRoles_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserTokens",
                columns: table => new
                {
                    UserId = table.Column<string>(type: "text", nullable: false),
                    LoginProvider = table.Column<string>(type: "text", nullable: false),
                    Name = table.Column<string>(type: "text", nullable: false),
                    Value = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserTokens", x => new { x.UserId, x.LoginProvider, x.Name });
                    table.ForeignKey(
                        name: "FK_AspNetUserTokens_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Notifications",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    UserId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    Kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    IsUrgent = table.Column<bool>(type: "boolean", nullable: false),
                    ItemType = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    ItemId = table.Column<int>(type: "integer", nullable: false),
                    ItemNumber = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    DueOn = table.Column<DateOnly>(type: "date", nullable: false),
                    ReminderId = table.Column<long>(type: "bigint", nullable: true),
                    CreatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ReadAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Notifications", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Notifications_Reminders_ReminderId",
                        column: x => x.ReminderId,
                        principalTable: "Reminders",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "DutyPools",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Name = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    UnitId = table.Column<int>(type: "integer", nullable: true),
                    PeoplePerWeekdayJson = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    GeneratedThrough = table.Column<DateOnly>(type: "date", nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedBy = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DutyPools", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DutyPools_Units_UnitId",
                        column: x => x.UnitId,
                        principalTable: "Units",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Staff",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Name = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    Title = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    UnitId = table.Column<int>(type: "integer", nullable: true),
                    SectionId = table.Column<int>(type: "integer", nullable: true),
                    Email = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: true),
                    Phone = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: true),
                    IsActive = table.Column<bool>(type: "boolean", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedBy = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Staff", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Staff_Sections_SectionId",
                        column: x => x.SectionId,
                        principalTable: "Sections",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Staff_Units_UnitId",
                        column: x => x.UnitId,
                        principalTable: "Units",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "OutboxMails",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    UserId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    ToAddress = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    NotificationId = table.Column<long>(type: "bigint", nullable: true),
                    DigestKey = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Subject = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Body = table.Column<string>(type: "text", nullable: true),
                    IsUrgent = table.Column<bool>(type: "boolean", nullable: false),
                    State = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    NextAttemptAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ClaimedUntilUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    LastError = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    CreatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    SentAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    AttachmentName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    AttachmentHtml = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OutboxMails", x => x.Id);
                    table.ForeignKey(
                        name: "FK_OutboxMails_Notifications_NotificationId",
                        column: x => x.NotificationId,
                        principalTable: "Notifications",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "DutySwaps",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    RequesterStaffId = table.Column<int>(type: "integer", nullable: false),
                    RequesterAssignmentId = table.Column<int>(type: "integer", nullable: false),
                    CounterpartStaffId = table.Column<int>(type: "integer", nullable: false),
                    CounterpartAssignmentId = table.Column<int>(type: "integer", nullable: false),
                    PoolId = table.Column<int>(type: "integer", nullable: false),
                    RequesterDate = table.Column<DateOnly>(type: "date", nullable: false),
                    CounterpartDate = table.Column<DateOnly>(type: "date", nullable: false),
                    State = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Note = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    DecidedBy = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedBy = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DutySwaps", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DutySwaps_DutyPools_PoolId",
                        column: x => x.PoolId,
                        principalTable: "DutyPools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Cases",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CaseNumber = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    RocYear = table.Column<int>(type: "integer", nullable: false),
                    Sequence = table.Column<long>(type: "bigint", nullable: false),
                    ObligorKind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    ObligorName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    ObligorIdNumber = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    ObligorPhone = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: true),
                    ObligorAddress = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    ReferringAgencyId = table.Column<int>(type: "integer", nullable: false),
                    AmountOwed = table.Column<long>(type: "bigint", nullable: false),
                    ReferredOn = table.Column<DateOnly>(type: "date", nullable: false),
                    UnitId = table.Column<int>(type: "integer", nullable: false),
                    ResponsibleClerkId = table.Column<int>(type: "integer", nullable: true),
                    Status = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Notes = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    DeferredUntil = table.Column<DateOnly>(type: "date", nullable: true),
                    DeferralReason = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedBy = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Cases", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Cases_Agencies_ReferringAgencyId",
                        column: x => x.ReferringAgencyId,
                        principalTable: "Agencies",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Cases_Staff_ResponsibleClerkId",
                        column: x => x.ResponsibleClerkId,
                        principalTable: "Staff",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Cases_Units_UnitId",
                        column: x => x.UnitId,
                        principalTable: "Units",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "DutyAbsences",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    StaffId = table.Column<int>(type: "integer", nullable: false),
                    From = table.Column<DateOnly>(type: "date", nullable: false),
                    To = table.Column<DateOnly>(type: "date", nullable: false),
                    Reason = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedBy = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DutyAbsences", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DutyAbsences_Staff_StaffId",
                        column: x => x.StaffId,
                        principalTable: "Staff",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "DutyAssignments",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PoolId = table.Column<int>(type: "integer", nullable: false),
                    Date = table.Column<DateOnly>(type: "date", nullable: false),
                    Slot = table.Column<int>(type: "integer", nullable: false),
                    StaffId = table.Column<int>(type: "integer", nullable: false),
                    Source = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    RepaysOwedTurn = table.Column<bool>(type: "boolean", nullable: false),
                    RotationStaffId = table.Column<int>(type: "integer", nullable: true),
                    OverrideReason = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    DisplacedStaffId = table.Column<int>(type: "integer", nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedBy = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DutyAssignments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DutyAssignments_DutyPools_PoolId",
                        column: x => x.PoolId,
                        principalTable: "DutyPools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_DutyAssignments_Staff_StaffId",
                        column: x => x.StaffId,
                        principalTable: "Staff",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "DutyFeedTokens",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    StaffId = table.Column<int>(type: "integer", nullable: false),
                    Token = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DutyFeedTokens", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DutyFeedTokens_Staff_StaffId",
                        column: x => x.StaffId,
                        principalTable: "Staff",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "DutyOwedTurns",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PoolId = table.Column<int>(type: "integer", nullable: false),
                    StaffId = table.Column<int>(type: "integer", nullable: false),
                    SkippedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    RepaidOn = table.Column<DateOnly>(type: "date", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DutyOwedTurns", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DutyOwedTurns_DutyPools_PoolId",
                        column: x => x.PoolId,
                        principalTable: "DutyPools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_DutyOwedTurns_Staff_StaffId",
                        column: x => x.StaffId,
                        principalTable: "Staff",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "DutyPoolMember",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PoolId = table.Column<int>(type: "integer", nullable: false),
                    StaffId = table.Column<int>(type: "integer", nullable: false),
                    Order = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DutyPoolMember", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DutyPoolMember_DutyPools_PoolId",
                        column: x => x.PoolId,
                        principalTable: "DutyPools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_DutyPoolMember_Staff_StaffId",
                        column: x => x.StaffId,
                        principalTable: "Staff",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "LunchDutyLogs",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Date = table.Column<DateOnly>(type: "date", nullable: false),
                    StaffId = table.Column<int>(type: "integer", nullable: false),
                    PeopleServed = table.Column<int>(type: "integer", nullable: false),
                    Notes = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedBy = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LunchDutyLogs", x => x.Id);
                    table.ForeignKey(
                        name: "FK_LunchDutyLogs_Staff_StaffId",
                        column: x => x.StaffId,
                        principalTable: "Staff",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "AfterHoursCalls",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Number = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    RocYear = table.Column<int>(type: "integer", nullable: false),
                    Sequence = table.Column<int>(type: "integer", nullable: false),
                    ReceivedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ReceivedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    LoggedByStaffId = table.Column<int>(type: "integer", nullable: true),
                    LoggedBy = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    CallerName = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    Phone = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: true),
                    PhoneDigits = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: true),
                    Relationship = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    CaseNumberGiven = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    CaseId = table.Column<int>(type: "integer", nullable: true),
                    UnitId = table.Column<int>(type: "integer", nullable: true),
                    Question = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    AnsweredOnSpot = table.Column<bool>(type: "boolean", nullable: false),
                    SpotAnswer = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    Urgency = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    IsOfficeHoursException = table.Column<bool>(type: "boolean", nullable: false),
                    ExceptionReason = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    State = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    AssignedStaffId = table.Column<int>(type: "integer", nullable: true),
                    CallbackDueAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    CallbackDueOn = table.Column<DateOnly>(type: "date", nullable: true),
                    FailedAttempts = table.Column<int>(type: "integer", nullable: false),
                    Closure = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    ClosingNote = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    ClosedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ClosedBy = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedBy = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AfterHoursCalls", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AfterHoursCalls_Cases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "Cases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_AfterHoursCalls_Staff_AssignedStaffId",
                        column: x => x.AssignedStaffId,
                        principalTable: "Staff",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_AfterHoursCalls_Units_UnitId",
                        column: x => x.UnitId,
                        principalTable: "Units",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "InstallmentPlans",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CaseId = table.Column<int>(type: "integer", nullable: false),
                    PlanVersion = table.Column<int>(type: "integer", nullable: false),
                    PreviousPlanId = table.Column<int>(type: "integer", nullable: true),
                    ApplicantKind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    ApplicantName = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    Form = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    StatementRecord = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    RecordReadBack = table.Column<bool>(type: "boolean", nullable: true),
                    RecordSignedBy = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    Reason = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    StatementOfFacts = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    Documents = table.Column<int>(type: "integer", maxLength: 40, nullable: false),
                    DocumentsNote = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    AmountOwed = table.Column<long>(type: "bigint", nullable: false),
                    RequestedInstallments = table.Column<int>(type: "integer", nullable: false),
                    DayOfMonth = table.Column<int>(type: "integer", nullable: false),
                    FirstPaidOnApplication = table.Column<long>(type: "bigint", nullable: true),
                    FirstPaymentReceipt = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    SpecialReason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    PolicyNumber = table.Column<int>(type: "integer", nullable: false),
                    TierMax = table.Column<int>(type: "integer", nullable: false),
                    TierAmount = table.Column<long>(type: "bigint", nullable: false),
                    PriorInstallments = table.Column<int>(type: "integer", nullable: false),
                    ConsentAgency = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    ConsentOn = table.Column<DateOnly>(type: "date", nullable: true),
                    ConsentReference = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Guarantee = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    GuarantorName = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    GuarantorIdNumber = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: true),
                    GuarantorRelationship = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    GuarantorPhone = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: true),
                    CollateralDescription = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    AppliedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    PreparedByStaffId = table.Column<int>(type: "integer", nullable: false),
                    PreparedBy = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    RevisedBy = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: true),
                    RevisedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ReviserStaffIds = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    State = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    DecidedBy = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: true),
                    DecidedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    RejectionReason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    RevocationReason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    RevokedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    RevokedBy = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: true),
                    GuarantorFlagged = table.Column<bool>(type: "boolean", nullable: false),
                    PaidTotal = table.Column<long>(type: "bigint", nullable: false),
                    OldestUnpaidDueOn = table.Column<DateOnly>(type: "date", nullable: true),
                    DefaultFrom = table.Column<DateOnly>(type: "date", nullable: true),
                    DishonouredSince = table.Column<DateOnly>(type: "date", nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedBy = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_InstallmentPlans", x => x.Id);
                    table.ForeignKey(
                        name: "FK_InstallmentPlans_Cases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "Cases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_InstallmentPlans_InstallmentPlans_PreviousPlanId",
                        column: x => x.PreviousPlanId,
                        principalTable: "InstallmentPlans",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Petitions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Number = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    RocYear = table.Column<int>(type: "integer", nullable: false),
                    Sequence = table.Column<int>(type: "integer", nullable: false),
                    Channel = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    ReceivedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ReceivedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    PetitionerName = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    PetitionerPhone = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: true),
                    PetitionerEmail = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: true),
                    PetitionerAddress = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    RecordReadBack = table.Column<bool>(type: "boolean", nullable: true),
                    RecordSignedBy = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    RecordSignedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ForwardingAuthority = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    ForwardingDocumentNumber = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    CaseId = table.Column<int>(type: "integer", nullable: true),
                    RelatedPetitionId = table.Column<int>(type: "integer", nullable: true),
                    Category = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Subject = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Content = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: false),
                    UnitId = table.Column<int>(type: "integer", nullable: true),
                    SectionId = table.Column<int>(type: "integer", nullable: true),
                    HandlerId = table.Column<int>(type: "integer", nullable: true),
                    RegisteredByStaffId = table.Column<int>(type: "integer", nullable: true),
                    State = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    DeadlineDays = table.Column<int>(type: "integer", nullable: false),
                    DueOn = table.Column<DateOnly>(type: "date", nullable: false),
                    DeadlineCountsFrom = table.Column<DateOnly>(type: "date", nullable: false),
                    ReopenedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    HasExtension = table.Column<bool>(type: "boolean", nullable: false),
                    FirstInterimContactOn = table.Column<DateOnly>(type: "date", nullable: true),
                    ReplyText = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: true),
                    SubmittedByStaffId = table.Column<int>(type: "integer", nullable: true),
                    SubmittedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ApprovedBy = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: true),
                    ApprovedByStaffId = table.Column<int>(type: "integer", nullable: true),
                    ApprovedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ReturnComment = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    RepliedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    ReplyMethod = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    ReplyReference = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    TransferredTo = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    TransferDocumentNumber = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    TransferredOn = table.Column<DateOnly>(type: "date", nullable: true),
                    PetitionerToldOn = table.Column<DateOnly>(type: "date", nullable: true),
                    FilingReason = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    FilingNote = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    ClosedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    ReopenReason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedBy = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Petitions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Petitions_Cases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "Cases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Petitions_Petitions_RelatedPetitionId",
                        column: x => x.RelatedPetitionId,
                        principalTable: "Petitions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Petitions_Sections_SectionId",
                        column: x => x.SectionId,
                        principalTable: "Sections",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Petitions_Staff_HandlerId",
                        column: x => x.HandlerId,
                        principalTable: "Staff",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Petitions_Units_UnitId",
                        column: x => x.UnitId,
                        principalTable: "Units",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Referrals",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Number = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    RocYear = table.Column<int>(type: "integer", nullable: false),
                    Sequence = table.Column<int>(type: "integer", nullable: false),
                    CaseId = table.Column<int>(type: "integer", nullable: true),
                    UnitId = table.Column<int>(type: "integer", nullable: false),
                    ClerkStaffId = table.Column<int>(type: "integer", nullable: false),
                    ObligorName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    ObligorIdNumber = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: true),
                    ObligorPhone = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: true),
                    ObligorAddress = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    PartnerId = table.Column<int>(type: "integer", nullable: false),
                    NeedsMask = table.Column<int>(type: "integer", nullable: false),
                    OtherNeed = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Situation = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    HouseholdSize = table.Column<int>(type: "integer", nullable: true),
                    Dependents = table.Column<int>(type: "integer", nullable: true),
                    MonthlyIncome = table.Column<long>(type: "bigint", nullable: true),
                    IncomeStatus = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    SpecialCircumstances = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Urgency = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    ConsentOn = table.Column<DateOnly>(type: "date", nullable: true),
                    ConsentMethod = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    ConsentRecordedBy = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    State = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    SentOn = table.Column<DateOnly>(type: "date", nullable: true),
                    SendMethod = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    AckDueOn = table.Column<DateOnly>(type: "date", nullable: true),
                    AcknowledgedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    PartnerReference = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    InServiceOn = table.Column<DateOnly>(type: "date", nullable: true),
                    ClosedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    Outcome = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    OutcomeNote = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    StateReason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    FollowUpOn = table.Column<DateOnly>(type: "date", nullable: true),
                    FollowUpSetByClerk = table.Column<bool>(type: "boolean", nullable: false),
                    LastFollowUpOn = table.Column<DateOnly>(type: "date", nullable: true),
                    LastFollowUpNote = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedBy = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Referrals", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Referrals_Cases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "Cases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Referrals_Staff_ClerkStaffId",
                        column: x => x.ClerkStaffId,
                        principalTable: "Staff",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Referrals_Units_UnitId",
                        column: x => x.UnitId,
                        principalTable: "Units",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Referrals_WelfarePartners_PartnerId",
                        column: x => x.PartnerId,
                        principalTable: "WelfarePartners",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "CallbackAttempt",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CallId = table.Column<int>(type: "integer", nullable: false),
                    AtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Outcome = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Note = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    ByStaffId = table.Column<int>(type: "integer", nullable: true),
                    By = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CallbackAttempt", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CallbackAttempt_AfterHoursCalls_CallId",
                        column: x => x.CallId,
                        principalTable: "AfterHoursCalls",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "GuaranteeCheque",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PlanId = table.Column<int>(type: "integer", nullable: false),
                    Number = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Amount = table.Column<long>(type: "bigint", nullable: false),
                    DueOn = table.Column<DateOnly>(type: "date", nullable: false),
                    DishonouredOn = table.Column<DateOnly>(type: "date", nullable: true),
                    DishonouredAfterSequence = table.Column<int>(type: "integer", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_GuaranteeCheque", x => x.Id);
                    table.ForeignKey(
                        name: "FK_GuaranteeCheque_InstallmentPlans_PlanId",
                        column: x => x.PlanId,
                        principalTable: "InstallmentPlans",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Installment",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PlanId = table.Column<int>(type: "integer", nullable: false),
                    Number = table.Column<int>(type: "integer", nullable: false),
                    DueOn = table.Column<DateOnly>(type: "date", nullable: false),
                    Amount = table.Column<long>(type: "bigint", nullable: false),
                    PaidAmount = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Installment", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Installment_InstallmentPlans_PlanId",
                        column: x => x.PlanId,
                        principalTable: "InstallmentPlans",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "InstallmentDocument",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PlanId = table.Column<int>(type: "integer", nullable: false),
                    FileName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ContentType = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    Size = table.Column<long>(type: "bigint", nullable: false),
                    StoredName = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    Sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    UploadedBy = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    UploadedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_InstallmentDocument", x => x.Id);
                    table.ForeignKey(
                        name: "FK_InstallmentDocument_InstallmentPlans_PlanId",
                        column: x => x.PlanId,
                        principalTable: "InstallmentPlans",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "InstallmentPayment",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PlanId = table.Column<int>(type: "integer", nullable: false),
                    PaidOn = table.Column<DateOnly>(type: "date", nullable: false),
                    Amount = table.Column<long>(type: "bigint", nullable: false),
                    Channel = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    ReceiptNumber = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Sequence = table.Column<int>(type: "integer", nullable: false),
                    DishonouredOn = table.Column<DateOnly>(type: "date", nullable: true),
                    DishonouredAfterSequence = table.Column<int>(type: "integer", nullable: true),
                    RecordedBy = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    RecordedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_InstallmentPayment", x => x.Id);
                    table.ForeignKey(
                        name: "FK_InstallmentPayment_InstallmentPlans_PlanId",
                        column: x => x.PlanId,
                        principalTable: "InstallmentPlans",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PetitionContacts",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PetitionId = table.Column<int>(type: "integer", nullable: false),
                    ContactedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Method = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    PersonReached = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    Summary = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    LoggedBy = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    LoggedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PetitionContacts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PetitionContacts_Petitions_PetitionId",
                        column: x => x.PetitionId,
                        principalTable: "Petitions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PetitionExtensions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PetitionId = table.Column<int>(type: "integer", nullable: false),
                    Days = table.Column<int>(type: "integer", nullable: false),
                    Reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    ApprovedBy = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    ByDirector = table.Column<bool>(type: "boolean", nullable: false),
                    NoticeSentOn = table.Column<DateOnly>(type: "date", nullable: true),
                    NoticeReference = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    ApprovedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PetitionExtensions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PetitionExtensions_Petitions_PetitionId",
                        column: x => x.PetitionId,
                        principalTable: "Petitions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AfterHoursCalls_AssignedStaffId_State",
                table: "AfterHoursCalls",
                columns: new[] { "AssignedStaffId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_AfterHoursCalls_CallerName",
                table: "AfterHoursCalls",
                column: "CallerName");

            migrationBuilder.CreateIndex(
                name: "IX_AfterHoursCalls_CaseId_ReceivedAtUtc",
                table: "AfterHoursCalls",
                columns: new[] { "CaseId", "ReceivedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_AfterHoursCalls_CaseNumberGiven",
                table: "AfterHoursCalls",
                column: "CaseNumberGiven");

            migrationBuilder.CreateIndex(
                name: "IX_AfterHoursCalls_LoggedByStaffId",
                table: "AfterHoursCalls",
                column: "LoggedByStaffId");

            migrationBuilder.CreateIndex(
                name: "IX_AfterHoursCalls_Number",
                table: "AfterHoursCalls",
                column: "Number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AfterHoursCalls_PhoneDigits_ReceivedAtUtc",
                table: "AfterHoursCalls",
                columns: new[] { "PhoneDigits", "ReceivedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_AfterHoursCalls_ReceivedAtUtc",
                table: "AfterHoursCalls",
                column: "ReceivedAtUtc");

            migrationBuilder.CreateIndex(
                name: "IX_AfterHoursCalls_ReceivedOn",
                table: "AfterHoursCalls",
                column: "ReceivedOn");

            migrationBuilder.CreateIndex(
                name: "IX_AfterHoursCalls_RocYear_Sequence",
                table: "AfterHoursCalls",
                columns: new[] { "RocYear", "Sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AfterHoursCalls_State_CallbackDueAtUtc",
                table: "AfterHoursCalls",
                columns: new[] { "State", "CallbackDueAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_AfterHoursCalls_UnitId_State",
                table: "AfterHoursCalls",
                columns: new[] { "UnitId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_Agencies_Name",
                table: "Agencies",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AspNetRoleClaims_RoleId",
                table: "AspNetRoleClaims",
                column: "RoleId");

            migrationBuilder.CreateIndex(
                name: "RoleNameIndex",
                table: "AspNetRoles",
                column: "NormalizedName",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUserClaims_UserId",
                table: "AspNetUserClaims",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUserLogins_UserId",
                table: "AspNetUserLogins",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUserRoles_RoleId",
                table: "AspNetUserRoles",
                column: "RoleId");

            migrationBuilder.CreateIndex(
                name: "EmailIndex",
                table: "AspNetUsers",
                column: "NormalizedEmail");

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUsers_StaffMemberId",
                table: "AspNetUsers",
                column: "StaffMemberId");

            migrationBuilder.CreateIndex(
                name: "UserNameIndex",
                table: "AspNetUsers",
                column: "NormalizedUserName",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AuditTrail_EntityType_EntityId_AtUtc",
                table: "AuditTrail",
                columns: new[] { "EntityType", "EntityId", "AtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_AuditTrail_UserId_AtUtc",
                table: "AuditTrail",
                columns: new[] { "UserId", "AtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_CalendarDays_Date",
                table: "CalendarDays",
                column: "Date",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CallbackAttempt_CallId",
                table: "CallbackAttempt",
                column: "CallId");

            migrationBuilder.CreateIndex(
                name: "IX_Cases_AmountOwed",
                table: "Cases",
                column: "AmountOwed");

            migrationBuilder.CreateIndex(
                name: "IX_Cases_CaseNumber",
                table: "Cases",
                column: "CaseNumber",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Cases_ObligorIdNumber",
                table: "Cases",
                column: "ObligorIdNumber");

            migrationBuilder.CreateIndex(
                name: "IX_Cases_ObligorName",
                table: "Cases",
                column: "ObligorName");

            migrationBuilder.CreateIndex(
                name: "IX_Cases_ReferredOn",
                table: "Cases",
                column: "ReferredOn");

            migrationBuilder.CreateIndex(
                name: "IX_Cases_ReferringAgencyId",
                table: "Cases",
                column: "ReferringAgencyId");

            migrationBuilder.CreateIndex(
                name: "IX_Cases_ResponsibleClerkId_Status",
                table: "Cases",
                columns: new[] { "ResponsibleClerkId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_Cases_Sequence",
                table: "Cases",
                column: "Sequence");

            migrationBuilder.CreateIndex(
                name: "IX_Cases_Status_ReferredOn",
                table: "Cases",
                columns: new[] { "Status", "ReferredOn" });

            migrationBuilder.CreateIndex(
                name: "IX_Cases_UnitId_Status",
                table: "Cases",
                columns: new[] { "UnitId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_Cases_UpdatedAtUtc",
                table: "Cases",
                column: "UpdatedAtUtc");

            migrationBuilder.CreateIndex(
                name: "IX_DutyAbsences_StaffId_From",
                table: "DutyAbsences",
                columns: new[] { "StaffId", "From" });

            migrationBuilder.CreateIndex(
                name: "IX_DutyAbsences_To",
                table: "DutyAbsences",
                column: "To");

            migrationBuilder.CreateIndex(
                name: "IX_DutyAssignments_Date",
                table: "DutyAssignments",
                column: "Date");

            migrationBuilder.CreateIndex(
                name: "IX_DutyAssignments_PoolId_Date_Slot",
                table: "DutyAssignments",
                columns: new[] { "PoolId", "Date", "Slot" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_DutyAssignments_StaffId_Date",
                table: "DutyAssignments",
                columns: new[] { "StaffId", "Date" });

            migrationBuilder.CreateIndex(
                name: "IX_DutyFeedTokens_StaffId",
                table: "DutyFeedTokens",
                column: "StaffId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_DutyFeedTokens_Token",
                table: "DutyFeedTokens",
                column: "Token",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_DutyOwedTurns_PoolId_RepaidOn",
                table: "DutyOwedTurns",
                columns: new[] { "PoolId", "RepaidOn" });

            migrationBuilder.CreateIndex(
                name: "IX_DutyOwedTurns_PoolId_StaffId_SkippedOn",
                table: "DutyOwedTurns",
                columns: new[] { "PoolId", "StaffId", "SkippedOn" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_DutyOwedTurns_StaffId",
                table: "DutyOwedTurns",
                column: "StaffId");

            migrationBuilder.CreateIndex(
                name: "IX_DutyPoolMember_PoolId_StaffId",
                table: "DutyPoolMember",
                columns: new[] { "PoolId", "StaffId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_DutyPoolMember_StaffId",
                table: "DutyPoolMember",
                column: "StaffId");

            migrationBuilder.CreateIndex(
                name: "IX_DutyPools_Name",
                table: "DutyPools",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_DutyPools_UnitId",
                table: "DutyPools",
                column: "UnitId");

            migrationBuilder.CreateIndex(
                name: "IX_DutySwaps_CounterpartAssignmentId",
                table: "DutySwaps",
                column: "CounterpartAssignmentId");

            migrationBuilder.CreateIndex(
                name: "IX_DutySwaps_PoolId",
                table: "DutySwaps",
                column: "PoolId");

            migrationBuilder.CreateIndex(
                name: "IX_DutySwaps_RequesterAssignmentId",
                table: "DutySwaps",
                column: "RequesterAssignmentId");

            migrationBuilder.CreateIndex(
                name: "IX_DutySwaps_State_PoolId",
                table: "DutySwaps",
                columns: new[] { "State", "PoolId" });

            migrationBuilder.CreateIndex(
                name: "IX_FormDrafts_UserId_FormKey",
                table: "FormDrafts",
                columns: new[] { "UserId", "FormKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_GuaranteeCheque_PlanId",
                table: "GuaranteeCheque",
                column: "PlanId");

            migrationBuilder.CreateIndex(
                name: "IX_Installment_PlanId_Number",
                table: "Installment",
                columns: new[] { "PlanId", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_InstallmentDocument_PlanId",
                table: "InstallmentDocument",
                column: "PlanId");

            migrationBuilder.CreateIndex(
                name: "IX_InstallmentPayment_PlanId_Sequence",
                table: "InstallmentPayment",
                columns: new[] { "PlanId", "Sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_InstallmentPayment_ReceiptNumber",
                table: "InstallmentPayment",
                column: "ReceiptNumber",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_InstallmentPlans_CaseId_PlanVersion",
                table: "InstallmentPlans",
                columns: new[] { "CaseId", "PlanVersion" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_InstallmentPlans_PreviousPlanId",
                table: "InstallmentPlans",
                column: "PreviousPlanId");

            migrationBuilder.CreateIndex(
                name: "IX_InstallmentPlans_State_DefaultFrom",
                table: "InstallmentPlans",
                columns: new[] { "State", "DefaultFrom" });

            migrationBuilder.CreateIndex(
                name: "IX_InstallmentPlans_State_OldestUnpaidDueOn",
                table: "InstallmentPlans",
                columns: new[] { "State", "OldestUnpaidDueOn" });

            migrationBuilder.CreateIndex(
                name: "IX_InstallmentPlans_State_RevokedOn",
                table: "InstallmentPlans",
                columns: new[] { "State", "RevokedOn" });

            migrationBuilder.CreateIndex(
                name: "IX_InstallmentPolicies_Number",
                table: "InstallmentPolicies",
                column: "Number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_LunchDutyLogs_Date_StaffId",
                table: "LunchDutyLogs",
                columns: new[] { "Date", "StaffId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_LunchDutyLogs_StaffId",
                table: "LunchDutyLogs",
                column: "StaffId");

            migrationBuilder.CreateIndex(
                name: "IX_Notifications_CreatedAtUtc",
                table: "Notifications",
                column: "CreatedAtUtc");

            migrationBuilder.CreateIndex(
                name: "IX_Notifications_ReminderId_UserId",
                table: "Notifications",
                columns: new[] { "ReminderId", "UserId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Notifications_UserId_CreatedAtUtc",
                table: "Notifications",
                columns: new[] { "UserId", "CreatedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_Notifications_UserId_ReadAtUtc",
                table: "Notifications",
                columns: new[] { "UserId", "ReadAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_OutboxMails_AttachmentName",
                table: "OutboxMails",
                column: "AttachmentName");

            migrationBuilder.CreateIndex(
                name: "IX_OutboxMails_DigestKey",
                table: "OutboxMails",
                column: "DigestKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_OutboxMails_NotificationId",
                table: "OutboxMails",
                column: "NotificationId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_OutboxMails_State_NextAttemptAtUtc",
                table: "OutboxMails",
                columns: new[] { "State", "NextAttemptAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_PetitionContacts_PetitionId",
                table: "PetitionContacts",
                column: "PetitionId");

            migrationBuilder.CreateIndex(
                name: "IX_PetitionExtensions_PetitionId",
                table: "PetitionExtensions",
                column: "PetitionId");

            migrationBuilder.CreateIndex(
                name: "IX_Petitions_CaseId",
                table: "Petitions",
                column: "CaseId");

            migrationBuilder.CreateIndex(
                name: "IX_Petitions_HandlerId_State_DueOn",
                table: "Petitions",
                columns: new[] { "HandlerId", "State", "DueOn" });

            migrationBuilder.CreateIndex(
                name: "IX_Petitions_Number",
                table: "Petitions",
                column: "Number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Petitions_PetitionerName",
                table: "Petitions",
                column: "PetitionerName");

            migrationBuilder.CreateIndex(
                name: "IX_Petitions_ReceivedOn",
                table: "Petitions",
                column: "ReceivedOn");

            migrationBuilder.CreateIndex(
                name: "IX_Petitions_RegisteredByStaffId_State",
                table: "Petitions",
                columns: new[] { "RegisteredByStaffId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_Petitions_RelatedPetitionId",
                table: "Petitions",
                column: "RelatedPetitionId");

            migrationBuilder.CreateIndex(
                name: "IX_Petitions_RocYear_Sequence",
                table: "Petitions",
                columns: new[] { "RocYear", "Sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Petitions_SectionId",
                table: "Petitions",
                column: "SectionId");

            migrationBuilder.CreateIndex(
                name: "IX_Petitions_State_DueOn",
                table: "Petitions",
                columns: new[] { "State", "DueOn" });

            migrationBuilder.CreateIndex(
                name: "IX_Petitions_Subject",
                table: "Petitions",
                column: "Subject");

            migrationBuilder.CreateIndex(
                name: "IX_Petitions_UnitId_State_DueOn",
                table: "Petitions",
                columns: new[] { "UnitId", "State", "DueOn" });

            migrationBuilder.CreateIndex(
                name: "IX_QuarterSnapshots_Report_RocYear_Quarter",
                table: "QuarterSnapshots",
                columns: new[] { "Report", "RocYear", "Quarter" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Referrals_CaseId",
                table: "Referrals",
                column: "CaseId");

            migrationBuilder.CreateIndex(
                name: "IX_Referrals_ClerkStaffId_State",
                table: "Referrals",
                columns: new[] { "ClerkStaffId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_Referrals_Number",
                table: "Referrals",
                column: "Number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Referrals_ObligorName",
                table: "Referrals",
                column: "ObligorName");

            migrationBuilder.CreateIndex(
                name: "IX_Referrals_PartnerId",
                table: "Referrals",
                column: "PartnerId");

            migrationBuilder.CreateIndex(
                name: "IX_Referrals_RocYear_Sequence",
                table: "Referrals",
                columns: new[] { "RocYear", "Sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Referrals_SentOn",
                table: "Referrals",
                column: "SentOn");

            migrationBuilder.CreateIndex(
                name: "IX_Referrals_State_AckDueOn",
                table: "Referrals",
                columns: new[] { "State", "AckDueOn" });

            migrationBuilder.CreateIndex(
                name: "IX_Referrals_State_FollowUpOn",
                table: "Referrals",
                columns: new[] { "State", "FollowUpOn" });

            migrationBuilder.CreateIndex(
                name: "IX_Referrals_UnitId_State",
                table: "Referrals",
                columns: new[] { "UnitId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_Reminders_ItemType_ItemId_Stage_DueOn",
                table: "Reminders",
                columns: new[] { "ItemType", "ItemId", "Stage", "DueOn" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Reminders_Stage_CreatedAtUtc",
                table: "Reminders",
                columns: new[] { "Stage", "CreatedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_Sections_Name",
                table: "Sections",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Staff_SectionId",
                table: "Staff",
                column: "SectionId");

            migrationBuilder.CreateIndex(
                name: "IX_Staff_UnitId_Title",
                table: "Staff",
                columns: new[] { "UnitId", "Title" });

            migrationBuilder.CreateIndex(
                name: "IX_Units_Number",
                table: "Units",
                column: "Number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_WelfarePartners_Name",
                table: "WelfarePartners",
                column: "Name",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AspNetRoleClaims");

            migrationBuilder.DropTable(
                name: "AspNetUserClaims");

            migrationBuilder.DropTable(
                name: "AspNetUserLogins");

            migrationBuilder.DropTable(
                name: "AspNetUserRoles");

            migrationBuilder.DropTable(
                name: "AspNetUserTokens");

            migrationBuilder.DropTable(
                name: "AuditTrail");

            migrationBuilder.DropTable(
                name: "CalendarDays");

            migrationBuilder.DropTable(
                name: "CallbackAttempt");

            migrationBuilder.DropTable(
                name: "DataProtectionKeys");

            migrationBuilder.DropTable(
                name: "DutyAbsences");

            migrationBuilder.DropTable(
                name: "DutyAssignments");

            migrationBuilder.DropTable(
                name: "DutyFeedTokens");

            migrationBuilder.DropTable(
                name: "DutyOwedTurns");

            migrationBuilder.DropTable(
                name: "DutyPoolMember");

            migrationBuilder.DropTable(
                name: "DutySwaps");

            migrationBuilder.DropTable(
                name: "FormDrafts");

            migrationBuilder.DropTable(
                name: "GuaranteeCheque");

            migrationBuilder.DropTable(
                name: "Installment");

            migrationBuilder.DropTable(
                name: "InstallmentDocument");

            migrationBuilder.DropTable(
                name: "InstallmentPayment");

            migrationBuilder.DropTable(
                name: "InstallmentPolicies");

            migrationBuilder.DropTable(
                name: "LunchDutyLogs");

            migrationBuilder.DropTable(
                name: "NumberSeries");

            migrationBuilder.DropTable(
                name: "OutboxMails");

            migrationBuilder.DropTable(
                name: "PetitionContacts");

            migrationBuilder.DropTable(
                name: "PetitionExtensions");

            migrationBuilder.DropTable(
                name: "QuarterSnapshots");

            migrationBuilder.DropTable(
                name: "Referrals");

            migrationBuilder.DropTable(
                name: "AspNetRoles");

            migrationBuilder.DropTable(
                name: "AspNetUsers");

            migrationBuilder.DropTable(
                name: "AfterHoursCalls");

            migrationBuilder.DropTable(
                name: "DutyPools");

            migrationBuilder.DropTable(
                name: "InstallmentPlans");

            migrationBuilder.DropTable(
                name: "Notifications");

            migrationBuilder.DropTable(
                name: "Petitions");

            migrationBuilder.DropTable(
                name: "WelfarePartners");

            migrationBuilder.DropTable(
                name: "Reminders");

            migrationBuilder.DropTable(
                name: "Cases");

            migrationBuilder.DropTable(
                name: "Agencies");

            migrationBuilder.DropTable(
                name: "Staff");

            migrationBuilder.DropTable(
                name: "Sections");

            migrationBuilder.DropTable(
                name: "Units");
        }
    }
}
