"use strict";(function(){var b=document.getElementById("sign-in");if(!b)return;b.addEventListener("click",function(){if(typeof signIn==="function"){signIn().then(function(r){b.textContent=r.ok?"Signed in":"Sign-in failed"})}})})();
//# sourceMappingURL=app.js.map
