# Certificate lifecycle: reissue (a corrected name), and the SHA-256 of every PDF served (ADR 0022).

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('attendance_app', '0011_credit_cycles'),
    ]

    operations = [
        migrations.CreateModel(
            name='CertificateFingerprint',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('sha256', models.CharField(max_length=64, unique=True)),
                ('recorded_at', models.DateTimeField()),
            ],
            options={
                'verbose_name': 'certificate fingerprint',
            },
        ),
        migrations.AddField(
            model_name='certificate',
            name='learner_name',
            field=models.CharField(blank=True, max_length=255),
        ),
        migrations.AddField(
            model_name='certificate',
            name='reissue_number',
            field=models.PositiveSmallIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name='certificate',
            name='replaced_by',
            field=models.OneToOneField(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='reissue_of', to='attendance_app.certificate'),
        ),
        migrations.AlterField(
            model_name='certificate',
            name='claim',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='certificates', to='attendance_app.claim'),
        ),
        migrations.AddConstraint(
            model_name='certificate',
            constraint=models.UniqueConstraint(fields=('claim', 'reissue_number'), name='attendance_certificate_issue'),
        ),
        migrations.AddField(
            model_name='certificatefingerprint',
            name='certificate',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='fingerprints', to='attendance_app.certificate'),
        ),
    ]
