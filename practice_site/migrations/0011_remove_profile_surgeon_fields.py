# The surgeon's details now live in Provider (0009, 0010).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('practice_site', '0010_profile_surgeon_to_provider'),
    ]

    operations = [
        # Blank first, so that migrating back can add the column to an existing profile row.
        migrations.AlterField(
            model_name='practiceprofile',
            name='surgeon_name',
            field=models.CharField(blank=True, default='', max_length=120),
        ),
        migrations.RemoveField(model_name='practiceprofile', name='short_bio'),
        migrations.RemoveField(model_name='practiceprofile', name='surgeon_credentials'),
        migrations.RemoveField(model_name='practiceprofile', name='surgeon_name'),
        migrations.RemoveField(model_name='practiceprofile', name='surgeon_role'),
        migrations.RemoveField(model_name='practiceprofile', name='video_title'),
        migrations.RemoveField(model_name='practiceprofile', name='video_url'),
    ]
