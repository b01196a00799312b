using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CaseDesk.Domain.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ListAndDashboardIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Cases_UnitId_Status",
                table: "Cases");

            migrationBuilder.CreateIndex(
                name: "IX_Petitions_Open",
                table: "Petitions",
                columns: new[] { "UnitId", "HandlerId", "DueOn", "HasExtension", "FirstInterimContactOn", "State" },
                filter: "\"State\" NOT IN ('Replied', 'Closed', 'Transferred', 'FiledWithoutAction')");

            migrationBuilder.CreateIndex(
                name: "IX_Petitions_RepliedOn_DueOn",
                table: "Petitions",
                columns: new[] { "RepliedOn", "DueOn" });

            migrationBuilder.CreateIndex(
                name: "IX_Cases_Status_AmountOwed",
                table: "Cases",
                columns: new[] { "Status", "AmountOwed" });

            migrationBuilder.CreateIndex(
                name: "IX_Cases_UnitId_Status_ReferredOn",
                table: "Cases",
                columns: new[] { "UnitId", "Status", "ReferredOn" });

            migrationBuilder.CreateIndex(
                name: "IX_AuditTrail_Action_AtUtc",
                table: "AuditTrail",
                columns: new[] { "Action", "AtUtc" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Petitions_Open",
                table: "Petitions");

            migrationBuilder.DropIndex(
                name: "IX_Petitions_RepliedOn_DueOn",
                table: "Petitions");

            migrationBuilder.DropIndex(
                name: "IX_Cases_Status_AmountOwed",
                table: "Cases");

            migrationBuilder.DropIndex(
                name: "IX_Cases_UnitId_Status_ReferredOn",
                table: "Cases");

            migrationBuilder.DropIndex(
                name: "IX_AuditTrail_Action_AtUtc",
                table: "AuditTrail");

            migrationBuilder.CreateIndex(
                name: "IX_Cases_UnitId_Status",
                table: "Cases",
                columns: new[] { "UnitId", "Status" });
        }
    }
}
