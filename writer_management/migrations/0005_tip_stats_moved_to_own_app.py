"""The tip statistics models now belong to `tip_stats` (its 0001); nothing changes in the database."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('tip_stats', '0001_initial'),
        ('writer_management', '0004_tip_stats_totals'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # State only: the tables exist and keep their names.
            state_operations=[
                migrations.RemoveField(
                    model_name='tipdailystat',
                    name='website',
                ),
                migrations.RemoveField(
                    model_name='tipdaytotalstat',
                    name='website',
                ),
                migrations.RemoveField(
                    model_name='tipmonthlystat',
                    name='website',
                ),
                migrations.RemoveField(
                    model_name='tipstatsstate',
                    name='website',
                ),
                migrations.RemoveField(
                    model_name='tiptotalstat',
                    name='website',
                ),
                migrations.RemoveField(
                    model_name='tipwritermonthlystat',
                    name='website',
                ),
                migrations.RemoveField(
                    model_name='tipwritermonthlystat',
                    name='writer',
                ),
                migrations.DeleteModel(
                    name='TipClientMonthlyStat',
                ),
                migrations.DeleteModel(
                    name='TipDailyStat',
                ),
                migrations.DeleteModel(
                    name='TipDayTotalStat',
                ),
                migrations.DeleteModel(
                    name='TipMonthlyStat',
                ),
                migrations.DeleteModel(
                    name='TipStatsState',
                ),
                migrations.DeleteModel(
                    name='TipTotalStat',
                ),
                migrations.DeleteModel(
                    name='TipWriterMonthlyStat',
                ),
            ],
            database_operations=[],
        ),
    ]
