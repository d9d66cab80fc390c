/**
 * The `news` app's models for the tests of the field move through a one-to-one: `Issue.footer`
 * moves to `Letter`, which each issue reaches through `issue.letter`; and a serializer reading it.
 */
export const ISSUE_MODELS = `
from django.db import models


class Letter(models.Model):
    title = models.CharField(max_length=40)


class Issue(models.Model):
    letter = models.OneToOneField(Letter, on_delete=models.CASCADE)
    footer = models.CharField(max_length=80, default="")

    def __str__(self):
        return self.footer
`;

export const ISSUE_SERIALIZER = `
#- news/serializers.py
from rest_framework import serializers
from .models import Issue


class IssueSerializer(serializers.ModelSerializer):
    class Meta:
        model = Issue
        fields = ["id", "footer"]
        read_only_fields = ["footer"]
`;
