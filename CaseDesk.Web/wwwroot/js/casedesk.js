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

// While the user types or clicks, tell the server at most once a minute, so that the sign-in cookie's idle time
// (Security:IdleTimeoutMinutes) counts from the last real use of the page, not from the last full page load.
(function () {
    var last = 0;
    function touch() {
        var now = Date.now();
        if (now - last < 60000) return;
        last = now;
        fetch('/Account/KeepAlive', { method: 'POST', credentials: 'same-origin', redirect: 'manual' }).catch(function () { });
    }
    document.addEventListener('keydown', touch, true);
    document.addEventListener('pointerdown', touch, true);
})();
