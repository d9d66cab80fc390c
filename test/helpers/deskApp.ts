/**
 * The `desk` app of the query rules' CLI and protocol tests, in the multi-file fixture format:
 * a missing index (`Ticket.status`, filtered in two places) and an N+1 (each ticket's agent read
 * in a comprehension).
 */
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
