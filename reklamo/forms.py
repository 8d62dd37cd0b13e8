from django import forms


class Form(forms.Form):
    """Our forms' base: labels without a trailing colon, as the stylesheet sets them."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
