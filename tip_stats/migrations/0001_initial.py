"""The tip statistics move from writer_management into their own app; their tables stay.

State only: `writer_management` 0003 and 0004 created these tables, which keep their names
(`db_table`). Rolling back past `writer_management` 0004 drops them as before.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('writer_management', '0004_tip_stats_totals'),
        ('websites', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # State only: the tables exist and keep their names.
            state_operations=[
                migrations.CreateModel(
                    name='TipStatsState',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('time_zone', models.CharField(blank=True, help_text='The reporting time zone the rollups were built in.', max_length=64)),
                        ('refreshed_at', models.DateTimeField(blank=True, null=True)),
                        ('rebuilt_at', models.DateTimeField(blank=True, null=True)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('website', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='tip_stats_state', to='websites.website')),
                    ],
                    options={
                        'verbose_name': 'tip statistics state',
                        'db_table': 'writer_management_tipstatsstate',
                        'ordering': ('website_id',),
                    },
                ),
                migrations.CreateModel(
                    name='TipClientMonthlyStat',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('month', models.DateField(help_text='The first day of the month.')),
                        ('tip_count', models.PositiveIntegerField(default=0)),
                        ('total_amount', models.DecimalField(decimal_places=2, default=0, max_digits=20)),
                        ('client', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('website', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='websites.website')),
                    ],
                    options={
                        'db_table': 'writer_management_tipclientmonthlystat',
                        'ordering': ('website_id', 'month', 'client_id'),
                        'indexes': [models.Index(fields=['month'], name='tip_client_monthly_month_idx')],
                        'constraints': [models.UniqueConstraint(fields=('website', 'month', 'client'), name='tip_client_monthly_stat_unique')],
                    },
                ),
                migrations.CreateModel(
                    name='TipDailyStat',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('tip_type', models.CharField(max_length=10)),
                        ('payment_status', models.CharField(max_length=12)),
                        ('writer_level_name', models.CharField(blank=True, max_length=100)),
                        ('tip_count', models.PositiveIntegerField(default=0)),
                        ('total_amount', models.DecimalField(decimal_places=2, default=0, max_digits=20)),
                        ('total_writer_earning', models.DecimalField(decimal_places=2, default=0, max_digits=20)),
                        ('total_platform_profit', models.DecimalField(decimal_places=2, default=0, max_digits=20)),
                        ('total_writer_percentage', models.DecimalField(decimal_places=2, default=0, help_text="The sum of the tips' writer percentages.", max_digits=20)),
                        ('day', models.DateField()),
                        ('month', models.DateField(help_text="The first day of the day's month.")),
                        ('website', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='websites.website')),
                    ],
                    options={
                        'db_table': 'writer_management_tipdailystat',
                        'ordering': ('website_id', 'day', 'tip_type', 'payment_status', 'writer_level_name'),
                        'indexes': [models.Index(fields=['day'], name='tip_daily_stat_day_idx')],
                        'constraints': [models.UniqueConstraint(fields=('website', 'day', 'tip_type', 'payment_status', 'writer_level_name'), name='tip_daily_stat_unique')],
                    },
                ),
                migrations.CreateModel(
                    name='TipDayTotalStat',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('day', models.DateField()),
                        ('tip_count', models.PositiveIntegerField(default=0)),
                        ('total_amount', models.DecimalField(decimal_places=2, default=0, max_digits=20)),
                        ('total_writer_earning', models.DecimalField(decimal_places=2, default=0, max_digits=20)),
                        ('total_platform_profit', models.DecimalField(decimal_places=2, default=0, max_digits=20)),
                        ('total_writer_percentage', models.DecimalField(decimal_places=2, default=0, help_text="The sum of the tips' writer percentages.", max_digits=20)),
                        ('website', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='websites.website')),
                    ],
                    options={
                        'db_table': 'writer_management_tipdaytotalstat',
                        'ordering': ('website_id', 'day'),
                        'indexes': [models.Index(fields=['day'], name='tip_day_total_stat_day_idx')],
                        'constraints': [models.UniqueConstraint(fields=('website', 'day'), name='tip_day_total_stat_unique')],
                    },
                ),
                migrations.CreateModel(
                    name='TipMonthlyStat',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('tip_type', models.CharField(max_length=10)),
                        ('payment_status', models.CharField(max_length=12)),
                        ('writer_level_name', models.CharField(blank=True, max_length=100)),
                        ('tip_count', models.PositiveIntegerField(default=0)),
                        ('total_amount', models.DecimalField(decimal_places=2, default=0, max_digits=20)),
                        ('total_writer_earning', models.DecimalField(decimal_places=2, default=0, max_digits=20)),
                        ('total_platform_profit', models.DecimalField(decimal_places=2, default=0, max_digits=20)),
                        ('total_writer_percentage', models.DecimalField(decimal_places=2, default=0, help_text="The sum of the tips' writer percentages.", max_digits=20)),
                        ('month', models.DateField(help_text='The first day of the month.')),
                        ('website', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='websites.website')),
                    ],
                    options={
                        'db_table': 'writer_management_tipmonthlystat',
                        'ordering': ('website_id', 'month', 'tip_type', 'payment_status', 'writer_level_name'),
                        'indexes': [models.Index(fields=['month'], name='tip_monthly_stat_month_idx')],
                        'constraints': [models.UniqueConstraint(fields=('website', 'month', 'tip_type', 'payment_status', 'writer_level_name'), name='tip_monthly_stat_unique')],
                    },
                ),
                migrations.CreateModel(
                    name='TipTotalStat',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('tip_type', models.CharField(max_length=10)),
                        ('payment_status', models.CharField(max_length=12)),
                        ('writer_level_name', models.CharField(blank=True, max_length=100)),
                        ('tip_count', models.PositiveIntegerField(default=0)),
                        ('total_amount', models.DecimalField(decimal_places=2, default=0, max_digits=20)),
                        ('total_writer_earning', models.DecimalField(decimal_places=2, default=0, max_digits=20)),
                        ('total_platform_profit', models.DecimalField(decimal_places=2, default=0, max_digits=20)),
                        ('total_writer_percentage', models.DecimalField(decimal_places=2, default=0, help_text="The sum of the tips' writer percentages.", max_digits=20)),
                        ('website', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='websites.website')),
                    ],
                    options={
                        'db_table': 'writer_management_tiptotalstat',
                        'ordering': ('website_id', 'tip_type', 'payment_status', 'writer_level_name'),
                        'constraints': [models.UniqueConstraint(fields=('website', 'tip_type', 'payment_status', 'writer_level_name'), name='tip_total_stat_unique')],
                    },
                ),
                migrations.CreateModel(
                    name='TipWriterMonthlyStat',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('month', models.DateField(help_text='The first day of the month.')),
                        ('tip_count', models.PositiveIntegerField(default=0)),
                        ('total_amount', models.DecimalField(decimal_places=2, default=0, max_digits=20)),
                        ('total_writer_earning', models.DecimalField(decimal_places=2, default=0, max_digits=20)),
                        ('website', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='websites.website')),
                        ('writer', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'writer_management_tipwritermonthlystat',
                        'ordering': ('website_id', 'month', 'writer_id'),
                        'indexes': [models.Index(fields=['month'], name='tip_writer_monthly_month_idx')],
                        'constraints': [models.UniqueConstraint(fields=('website', 'month', 'writer'), name='tip_writer_monthly_stat_unique')],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
