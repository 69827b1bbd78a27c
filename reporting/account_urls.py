"""Sign-in pages of the site (focal points are not staff: they never see the admin).

Django's authentication views with the portal's templates; the password reset also serves
the secretariat's invitations."""

from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

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
    pass


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
