(function () {
  var $ = function (id) { return document.getElementById(id); };
  var geo = navigator.geolocation;
  if (!geo) { return; }
  $("geo").hidden = false;
  function ask() {
    $("asking").hidden = false; $("denied").hidden = true; $("retry").hidden = true;
    geo.getCurrentPosition(function (p) {
      var c = p.coords;
      $("lat").value = c.latitude; $("lon").value = c.longitude; $("accuracy_m").value = Math.round(c.accuracy);
      $("coords").textContent = c.latitude.toFixed(5) + ", " + c.longitude.toFixed(5);
      $("accuracy").textContent = Math.round(c.accuracy);
      $("asking").hidden = true; $("found").hidden = false;
    }, function () {
      $("asking").hidden = true; $("found").hidden = true;
      $("denied").hidden = false; $("retry").hidden = false;
      $("manual-input").focus();
    }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 0 });
  }
  $("retry").onclick = ask;
  ask();
})();
