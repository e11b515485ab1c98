"""The e-mail addresses page's form for adding an address, in our words."""

from allauth.account.forms import AddEmailForm as AllauthAddEmailForm

from frontend.forms.account_words import speak_plainly


class AddEmailForm(AllauthAddEmailForm):
    """ACCOUNT_FORMS["add_email"]."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        speak_plainly(self, {"email": ("New e-mail address", "Enter the e-mail address to add")})
