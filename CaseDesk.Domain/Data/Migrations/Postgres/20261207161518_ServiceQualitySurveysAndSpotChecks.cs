using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace CaseDesk.Domain.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ServiceQualitySurveysAndSpotChecks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "PhoneSpotChecks",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CheckedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    UnitId = table.Column<int>(type: "integer", nullable: false),
                    PersonAnswering = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    Score = table.Column<int>(type: "integer", nullable: false),
                    Notes = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    CheckedBy = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedBy = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PhoneSpotChecks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PhoneSpotChecks_Units_UnitId",
                        column: x => x.UnitId,
                        principalTable: "Units",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "VisitorSurveys",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SurveyedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    UnitId = table.Column<int>(type: "integer", nullable: true),
                    Desk = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: true),
                    ReceptionAttitude = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    TimeTaken = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    Environment = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    AnswerAccuracy = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    Integrity = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    Remark = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    Source = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedBy = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_VisitorSurveys", x => x.Id);
                    table.ForeignKey(
                        name: "FK_VisitorSurveys_Units_UnitId",
                        column: x => x.UnitId,
                        principalTable: "Units",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "SurveyFollowUps",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SurveyId = table.Column<int>(type: "integer", nullable: false),
                    Question = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Rating = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    State = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    CalledBackBy = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    CalledBackOn = table.Column<DateOnly>(type: "date", nullable: true),
                    ActionTaken = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedBy = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SurveyFollowUps", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SurveyFollowUps_VisitorSurveys_SurveyId",
                        column: x => x.SurveyId,
                        principalTable: "VisitorSurveys",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PhoneSpotChecks_CheckedOn",
                table: "PhoneSpotChecks",
                column: "CheckedOn");

            migrationBuilder.CreateIndex(
                name: "IX_PhoneSpotChecks_UnitId",
                table: "PhoneSpotChecks",
                column: "UnitId");

            migrationBuilder.CreateIndex(
                name: "IX_SurveyFollowUps_State_SurveyId",
                table: "SurveyFollowUps",
                columns: new[] { "State", "SurveyId" });

            migrationBuilder.CreateIndex(
                name: "IX_SurveyFollowUps_SurveyId",
                table: "SurveyFollowUps",
                column: "SurveyId");

            migrationBuilder.CreateIndex(
                name: "IX_VisitorSurveys_SurveyedOn",
                table: "VisitorSurveys",
                column: "SurveyedOn");

            migrationBuilder.CreateIndex(
                name: "IX_VisitorSurveys_UnitId",
                table: "VisitorSurveys",
                column: "UnitId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PhoneSpotChecks");

            migrationBuilder.DropTable(
                name: "SurveyFollowUps");

            migrationBuilder.DropTable(
                name: "VisitorSurveys");
        }
    }
}
