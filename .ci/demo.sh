#!/usr/bin/env bash
# Installs what is needed, builds, seeds a demo store with liaisonctl (first run only) and
# starts the main job: the console when a display is available, else the headless service.
# The store lives in build/demo/liaison.db; delete it to start over.
set -euo pipefail
cd "$(dirname "$0")/.."
bash .ci/install-deps.sh
cmake --preset dev
cmake --build --preset dev --target liaison liaisond liaisonctl
bin=build/dev/bin
db=build/demo/liaison.db
ctl() { "$bin/liaisonctl" --db "$db" "$@"; }

if [[ ! -f $db ]]; then
    mkdir -p build/demo
    ctl profile add --name "Contoso on-premises" --kind ews \
        --ews-url https://mail.contoso.com/EWS/Exchange.asmx --auth basic \
        --service-account svc-liaison@contoso.com --impersonation on --domains contoso.co.uk --default
    ctl profile add --name "Contoso Online" --kind graph --auth oauth2 \
        --tenant-id 72f988bf-86f1-41af-91ab-2d7cd011db47 --client-id 4a1aa1d5-c567-49d0-ad0b-cd957a47f842
    ctl crm add --name "Contoso Dynamics 365" --kind dataverse --url https://contoso.crm.dynamics.com \
        --tenant-id 72f988bf-86f1-41af-91ab-2d7cd011db47 --client-id 4a1aa1d5-c567-49d0-ad0b-cd957a47f842
    ctl config add --name "Sales" --description "Account managers: contacts, events and tasks both ways" \
        --event-window last-n-days --event-days 90 --contacts-folder "CRM Contacts"
    ctl config add --name "Support" --description "Support engineers: events only" \
        --contacts off --tasks off --emails off --event-window last-month
    ctl user add --crm-user-id 0b1e0000-0000-0000-0000-000000000001 --email alex.wilber@contoso.com \
        --name "Alex Wilber" --security-profile Salesperson
    ctl user add --crm-user-id 0b1e0000-0000-0000-0000-000000000002 --email megan.bowen@contoso.com \
        --name "Megan Bowen" --security-profile "Support Engineer"
    ctl user add --crm-user-id 0b1e0000-0000-0000-0000-000000000003 --email lee.gu@contoso.com \
        --name "Lee Gu" --security-profile Salesperson
    ctl assignment add --config Sales --security-profile Salesperson
    ctl assignment add --config Support --user megan.bowen@contoso.com
fi

if [[ -n ${DISPLAY:-}${WAYLAND_DISPLAY:-} ]]; then
    exec "$bin/liaison" --db "$db"
fi
echo "No display: running the headless service instead (Ctrl+C stops it)."
exec "$bin/liaisond" --db "$db"
