/**
 * The `desk` app of the query rules' CLI and protocol tests, in the multi-file fixture format:
 * a missing index (`Ticket.status`, filtered in two places) and an N+1 (each ticket's agent read
 * in a comprehension).
 */
/** The `manage.py` of a fixture project whose settings are `proj/settings.py`, and the `proj` package. */
export const PROJ_MANAGE = `
#- manage.py
import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "proj.settings")
from django.core.management import execute_from_command_line

execute_from_command_line(sys.argv)
#- proj/__init__.py
`;

export const DESK_APP = `
#- desk/__init__.py
#- desk/migrations/__init__.py
#- desk/models.py
from django.db import models


class Agent(models.Model):
    name = models.CharField(max_length=80)


class Ticket(models.Model):
    agent = models.ForeignKey(Agent, on_delete=models.CASCADE)
    status = models.CharField(max_length=20)
    subject = models.CharField(max_length=200)
#- desk/reports.py
from .models import Ticket


def open_tickets():
    return [f"{ticket.subject} ({ticket.agent.name})" for ticket in Ticket.objects.filter(status="open")]


def closed_count():
    return Ticket.objects.filter(status="closed").count()
`;
