from django.db import models


class SubmissionCount(models.Model):
    """How many public-form submissions one client address made in one hour window."""

    address = models.CharField(max_length=45)
    window = models.PositiveBigIntegerField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["address", "window"], name="one_count_per_window")
        ]

    def __str__(self):
        return f"{self.address} @ {self.window}: {self.count}"
