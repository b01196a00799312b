#!/usr/bin/env bash
# Adds a migration under the same name for both engines (each has its own set, applied at start-up):
#   tools/add-migration.sh <Name>
# SQLite: CaseDesk.Domain/Data/Migrations/Sqlite, PostgreSQL: CaseDesk.Domain/Data/Migrations/Postgres.
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:?usage: tools/add-migration.sh <Name>}
dotnet tool restore >/dev/null
for engine in Sqlite Postgres; do
  dotnet ef migrations add "$name" --project CaseDesk.Domain --startup-project CaseDesk.Domain \
    --context "${engine}CaseDeskDbContext" --output-dir "Data/Migrations/$engine" --namespace "CaseDesk.Domain.Data.Migrations.$engine"
  # dotnet-ef writes the model snapshot into a folder named after the namespace: move it beside the migrations.
  if [ -d CaseDesk.Domain/CaseDesk ]; then
    mv CaseDesk.Domain/CaseDesk/Domain/Data/Migrations/$engine/*.cs "CaseDesk.Domain/Data/Migrations/$engine/"
    rm -rf CaseDesk.Domain/CaseDesk
  fi
done
