"""What views of every app do alike with a service's ValidationError."""

from django.core.exceptions import ValidationError


def error_text(error: ValidationError) -> str:
    """The messages of a service's refusal, as one line for a flash message."""
    return " ".join(error.messages)


def form_error(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form's fields where they exist."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)
