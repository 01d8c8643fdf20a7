"""``activities/{usage_key}/rules/`` and ``quizzes/``: which units an activity awards, behind which quiz."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from attendance_app import api
from attendance_app.rest_api.v1.schema import document
from attendance_app.rest_api.v1.serializers import (
    QuizChoiceSerializer,
    RuleCreateSerializer,
    RuleSerializer,
    RuleUpdateSerializer,
)
from attendance_app.rest_api.v1.views import ERRORS, ERRORS_AND_CONFLICT, USAGE_KEY, AttendanceAPIView

RULE_ID = OpenApiParameter("rule_id", int, OpenApiParameter.PATH, description="The rule's id.")


class RuleListView(AttendanceAPIView):
    """Read (course team and enrolled learners) or add (course team) an activity's rules."""

    @document(
        summary="List the rules of an activity",
        parameters=[USAGE_KEY],
        responses={200: RuleSerializer(many=True), **ERRORS},
    )
    def get(self, request: Request, usage_key: str) -> Response:
        rules = api.list_rules(request.user.id, api.parse_usage_key(usage_key, in_course=True))
        return Response(RuleSerializer(rules, many=True).data)

    @document(
        summary="Make an activity award a unit",
        description="409 when the activity already awards the unit.",
        parameters=[USAGE_KEY],
        request=RuleCreateSerializer,
        responses={201: RuleSerializer, **ERRORS_AND_CONFLICT},
    )
    def post(self, request: Request, usage_key: str) -> Response:
        rule = api.add_rule(
            request.user.id, api.parse_usage_key(usage_key, in_course=True), self.json_object(request)
        )
        return Response(RuleSerializer(rule).data, status=status.HTTP_201_CREATED)


class RuleDetailView(AttendanceAPIView):
    """Change the quiz gate of a rule, or remove the rule (course team)."""

    @document(
        summary="Change the quiz gate of a rule",
        description=(
            "Send quiz_usage_key and min_grade together, or neither to remove the gate. "
            "The unit stays: remove the rule and add another to change it."
        ),
        parameters=[USAGE_KEY, RULE_ID],
        request=RuleUpdateSerializer,
        responses={200: RuleSerializer, **ERRORS},
    )
    def patch(self, request: Request, usage_key: str, rule_id: int) -> Response:
        rule = api.update_rule(
            request.user.id,
            api.parse_usage_key(usage_key, in_course=True),
            rule_id,
            self.json_object(request),
        )
        return Response(RuleSerializer(rule).data)

    @document(
        summary="Stop an activity from awarding a unit",
        parameters=[USAGE_KEY, RULE_ID],
        request=None,
        responses={204: None, **ERRORS},
    )
    def delete(self, request: Request, usage_key: str, rule_id: int) -> Response:
        api.remove_rule(request.user.id, api.parse_usage_key(usage_key, in_course=True), rule_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class QuizChoicesView(AttendanceAPIView):
    """The graded subsections and problems of the activity's course a rule can be gated by."""

    @document(
        summary="Quizzes a rule of this activity can require",
        parameters=[USAGE_KEY],
        responses={200: QuizChoiceSerializer(many=True), **ERRORS},
    )
    def get(self, request: Request, usage_key: str) -> Response:
        activity_key = api.parse_usage_key(usage_key, in_course=True)
        quizzes = api.quiz_choices(request.user.id, activity_key.course_key)
        return Response(QuizChoiceSerializer(quizzes, many=True).data)
