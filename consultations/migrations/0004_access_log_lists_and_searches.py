from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("consultations", "0003_used_form_tokens"),
    ]

    operations = [
        # Earlier export rows keep their summary ("3 request(s); filters: status__exact") here.
        migrations.RenameField(model_name="accesslog", old_name="detail", new_name="filters"),
        migrations.AlterField(
            model_name="accesslog",
            name="filters",
            field=models.CharField(
                blank=True, help_text="The list's filters, as staff chose them.", max_length=300
            ),
        ),
        migrations.AddField(
            model_name="accesslog",
            name="query",
            field=models.CharField(blank=True, max_length=200, verbose_name="search words"),
        ),
        migrations.AddField(
            model_name="accesslog",
            name="count",
            field=models.PositiveIntegerField(
                blank=True,
                help_text="Rows on the page, or in the export.",
                null=True,
                verbose_name="requests shown",
            ),
        ),
        migrations.AlterField(
            model_name="accesslog",
            name="action",
            field=models.CharField(
                choices=[
                    ("viewed", "Opened a request"),
                    ("listed", "Viewed the list"),
                    ("searched", "Searched the list"),
                    ("exported", "Exported a list"),
                ],
                max_length=10,
            ),
        ),
    ]
