// Small helpers for keyboard use; everything else is Blazor.
window.casedesk = {
    // "/" focuses the list's search box unless the user is typing somewhere.
    focusOnSlash: function (id) {
        if (window.casedesk._slashBound) { window.casedesk._slashId = id; return; }
        window.casedesk._slashBound = true;
        window.casedesk._slashId = id;
        document.addEventListener('keydown', function (e) {
            if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey) return;
            var t = e.target;
            if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.isContentEditable)) return;
            var box = document.getElementById(window.casedesk._slashId);
            if (box) { e.preventDefault(); box.focus(); }
        });
    }
};
