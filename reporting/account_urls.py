"""Sign-in pages of the site (focal points are not staff: they never see the admin).

Django's authentication views with the portal's templates; the password reset also serves
the secretariat's invitations."""

import hashlib

from django.contrib.auth import views as auth_views
from django.shortcuts import render
from django.urls import path, reverse_lazy

from core.api.ratelimits import KeyedRateThrottle
from core.security import client_ip

from .forms import FocalPointPasswordResetForm


class RefusedIs400:
    """A form sent back with its errors answers 400, like every refused input of the portal
    (Django's views answer 200)."""

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


class LoginView(RefusedIs400, auth_views.LoginView):
    pass


class PasswordChangeView(RefusedIs400, auth_views.PasswordChangeView):
    pass


class PasswordResetView(RefusedIs400, auth_views.PasswordResetView):
    """At most so many requests per e-mail address and per client address (the rates
    `password_reset_address` and `password_reset_client`); beyond, a 429 page with
    Retry-After, the same whether the address has an account or not."""

    def post(self, request, *args, **kwargs):
        email = request.POST.get("email", "").strip().lower()
        limits = [KeyedRateThrottle("password_reset_client", client_ip(request))]
        if email:
            digest = hashlib.sha256(email.encode()).hexdigest()
            limits.append(KeyedRateThrottle("password_reset_address", digest))
        refused = [limit for limit in limits if not limit.allow_request(request, self)]
        if refused:
            wait = int(max(limit.wait() for limit in refused)) + 1
            response = render(
                request,
                "registration/password_reset_throttled.html",
                {"minutes": (wait + 59) // 60},
                status=429,
            )
            response["Retry-After"] = str(wait)
            return response
        return super().post(request, *args, **kwargs)


class PasswordResetConfirmView(RefusedIs400, auth_views.PasswordResetConfirmView):
    def dispatch(self, *args, **kwargs):
        response = super().dispatch(*args, **kwargs)
        if self.request.method == "POST" and not self.validlink and response.status_code == 200:
            response.status_code = 400  # a new password sent through a used or expired link
        return response


urlpatterns = [
    path(
        "login/",
        LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password/change/",
        PasswordChangeView.as_view(template_name="registration/account_password_change_form.html"),
        name="password_change",
    ),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name="registration/account_password_change_done.html"
        ),
        name="password_change_done",
    ),
    path(
        "password/reset/",
        PasswordResetView.as_view(
            form_class=FocalPointPasswordResetForm,
            email_template_name="registration/password_reset_email.txt",
            subject_template_name="registration/password_reset_subject.txt",
        ),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        PasswordResetConfirmView.as_view(
            post_reset_login=True,
            # The new password was just chosen through the e-mailed link: sign in directly.
            post_reset_login_backend="django.contrib.auth.backends.ModelBackend",
            success_url=reverse_lazy("password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
